using System.Globalization;
using Cxmpute.Rewards;

namespace Cxmpute.Rewards.Tests;

public sealed class NormalizeTests
{
    [Theory]
    [InlineData("0.22500", "0.225")]
    [InlineData("3.0", "3")]
    [InlineData("100", "100")]
    [InlineData("100.000", "100")]
    [InlineData("0.000", "0")]
    [InlineData("-0.50", "-0.5")]
    [InlineData("0.0000000000000000000000000010", "0.000000000000000000000000001")]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335")]
    [InlineData("7922816251426433759354395033.0", "7922816251426433759354395033")]
    public void Strips_trailing_zeros_only(string input, string expected)
    {
        var value = decimal.Parse(input, CultureInfo.InvariantCulture);
        var normalized = RewardSchedule.Normalize(value);

        Assert.Equal(expected, normalized.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(value, normalized);
    }
}
