using Cxmpute.Rewards;

namespace Cxmpute.Rewards.Tests;

/// <summary>Rule user-points: user usage points per service; no performance bonus.</summary>
public sealed class UserPointsTests
{
    private static readonly RewardSchedule Schedule = TestSchedule.Real;

    [Theory]
    [InlineData(ServiceKind.Chat, 0, "1")]
    [InlineData(ServiceKind.Chat, 1, "1.001")]
    [InlineData(ServiceKind.Chat, 1000, "2")]
    [InlineData(ServiceKind.Embeddings, 0, "0.5")]
    [InlineData(ServiceKind.Embeddings, 1000, "1")]
    [InlineData(ServiceKind.Embeddings, 3, "0.5015")]
    [InlineData(ServiceKind.Scrape, 0, "0.2")]
    [InlineData(ServiceKind.Tts, 0, "0.8")]
    public void Points_per_service(ServiceKind service, int tokens, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Schedule.PriceUser(service, tokens));

    [Theory]
    [InlineData(ServiceKind.Scrape, "0.2")]
    [InlineData(ServiceKind.Tts, "0.8")]
    public void Tts_and_scrape_ignore_tokens(ServiceKind service, string expected)
    {
        var points = decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(points, Schedule.PriceUser(service, 1000));
        Assert.Equal(points, Schedule.PriceUser(service, int.MaxValue));
    }

    [Fact]
    public void Max_tokens_do_not_overflow()
    {
        Assert.Equal(1m + (int.MaxValue * 0.001m), Schedule.PriceUser(ServiceKind.Chat, int.MaxValue));
        Assert.Equal(2147484.647m, Schedule.PriceUser(ServiceKind.Chat, int.MaxValue));
    }

    [Fact]
    public void Points_are_normalized() =>
        Assert.Equal("2", Schedule.PriceUser(ServiceKind.Chat, 1000).ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Negative_tokens_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.PriceUser(ServiceKind.Chat, -1));
}
