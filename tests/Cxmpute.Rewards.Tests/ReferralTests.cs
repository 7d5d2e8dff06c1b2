using Cxmpute.Rewards;

namespace Cxmpute.Rewards.Tests;

/// <summary>Rules referral-split, direct-bonus: referral percentages of the original earner's amount, and direct bonuses.</summary>
public sealed class ReferralTests
{
    private static readonly RewardSchedule Schedule = TestSchedule.Real;

    [Theory]
    [InlineData(AccountKind.Provider, 1, "0.10")]
    [InlineData(AccountKind.Provider, 2, "0.05")]
    [InlineData(AccountKind.Provider, 3, "0.025")]
    [InlineData(AccountKind.User, 1, "0.15")]
    [InlineData(AccountKind.User, 2, "0.08")]
    [InlineData(AccountKind.User, 3, "0.04")]
    public void Percentages_per_kind_and_level(AccountKind kind, int level, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Schedule.ReferralRate(kind, level));

    [Fact]
    public void Direct_bonuses_are_50_for_providers_and_25_for_users()
    {
        Assert.Equal(50m, Schedule.DirectBonus(AccountKind.Provider));
        Assert.Equal(25m, Schedule.DirectBonus(AccountKind.User));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(-1)]
    public void Only_levels_1_to_3_exist(int level) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.ReferralRate(AccountKind.User, level));

    [Fact]
    public void User_split_of_2_points()
    {
        Assert.Equal(new[] { 0.3m, 0.16m, 0.08m }, Schedule.ReferralSplit(AccountKind.User, 2m));
    }

    [Fact]
    public void Split_has_three_levels_of_the_original_amount_never_compounded()
    {
        var split = Schedule.ReferralSplit(AccountKind.Provider, 0.375m);

        Assert.Equal(3, split.Count);
        Assert.Equal(0.375m * 0.05m, split[1]);
        Assert.NotEqual(0.375m * 0.10m * 0.05m, split[1]);
        Assert.NotEqual(0.375m * 0.10m * 0.05m * 0.025m, split[2]);
    }

    [Fact]
    public void Zero_amount_splits_to_zeros() =>
        Assert.Equal(new[] { 0m, 0m, 0m }, Schedule.ReferralSplit(AccountKind.Provider, 0m));

    [Fact]
    public void Negative_amount_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.ReferralSplit(AccountKind.Provider, -0.01m));

    [Fact]
    public void A_share_that_decimal_cannot_hold_exactly_is_refused_not_rounded() =>
        Assert.Throws<ArithmeticException>(() => Schedule.ReferralSplit(AccountKind.Provider, 0.1234567890123456789012345678m));

    [Fact]
    public void Undefined_kind_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.DirectBonus((AccountKind)7));
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.ReferralSplit((AccountKind)7, 1m));
    }
}
