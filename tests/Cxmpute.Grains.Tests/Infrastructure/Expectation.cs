using Cxmpute.Abstractions;

namespace Cxmpute.Grains.Tests.Infrastructure;

/// <summary>What the ledger must hold, computed from the acknowledged results alone.</summary>
internal sealed class Expectation
{
    public Dictionary<string, decimal> Totals { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> Credits { get; } = new(StringComparer.Ordinal);

    public void Add(string account, decimal amount)
    {
        Totals[account] = Totals.GetValueOrDefault(account) + amount;
        Credits[account] = Credits.GetValueOrDefault(account) + 1;
    }

    public void Add(AwardResult result)
    {
        foreach (var (account, amount, referrals) in Sides(result))
        {
            Add(account, amount);
            foreach (var credit in referrals)
            {
                Add(credit.AccountId, credit.Amount);
            }
        }
    }

    private static IEnumerable<(string, decimal, IReadOnlyList<ReferralCreditView>)> Sides(AwardResult result)
    {
        if (result.User is { } user)
        {
            yield return (user.AccountId, user.Amount, user.Referrals);
        }

        if (result.Provider is { } provider)
        {
            yield return (provider.AccountId, provider.Amount, provider.Referrals);
        }
    }

    /// <summary>Checks every account: lifetime total, ledger sum and ledger size equal what was acknowledged.</summary>
    /// <remarks>With <paramref name="includeDirectBonuses"/>, direct bonuses found in the ledger are taken as given (the population made them).</remarks>
    public async Task VerifyAsync(LedgerDriver ledger, IEnumerable<string> accounts, bool includeDirectBonuses = false)
    {
        foreach (var account in accounts)
        {
            var stats = await ledger.StatsOkAsync(account);
            var entries = await ledger.LedgerAsync(account);
            if (includeDirectBonuses)
            {
                foreach (var bonus in entries.Where(e => e.Kind == "direct"))
                {
                    Add(account, bonus.Amount);
                }

                Assert.Equal(stats.DirectReferrals, entries.Count(e => e.Kind == "direct"));
            }

            var expected = Totals.GetValueOrDefault(account);
            Assert.True(expected == stats.Lifetime.Total, $"{account}: lifetime {stats.Lifetime.Total}, expected {expected}");
            Assert.Equal(expected, entries.Sum(e => e.Amount));
            Assert.Equal(Credits.GetValueOrDefault(account), entries.Count);
            Assert.Equal(entries.Count, entries.Select(e => (e.AwardId, e.Kind)).Distinct().Count());
        }
    }
}
