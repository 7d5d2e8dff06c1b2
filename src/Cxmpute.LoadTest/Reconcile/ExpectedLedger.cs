using Cxmpute.LoadTest.Population;
using Cxmpute.Rewards;

namespace Cxmpute.LoadTest.Reconcile;

/// <summary>
/// What every account must hold, computed independently of the system under test: the direct bonus of every referral the
/// population applied, and for every acknowledged award the schedule's price for the user and the provider plus the level
/// 1-3 shares of each earner's amount for the ancestors of the (static) referral forest.
/// </summary>
internal sealed class ExpectedLedger
{
    private readonly LoadPopulation _population;
    private readonly decimal[] _earned;
    private readonly decimal[] _referral;

    public ExpectedLedger(LoadPopulation population)
    {
        ArgumentNullException.ThrowIfNull(population);
        _population = population;
        _earned = new decimal[population.Accounts];
        _referral = new decimal[population.Accounts];
    }

    public long Awards { get; private set; }

    public long Credits { get; private set; }

    /// <summary>Adds the direct bonus of every referral in both forests (paid to the referrer when the code was applied).</summary>
    public void AddDirectBonuses()
    {
        var schedule = _population.Schedule;
        var users = _population.UserForest;
        var userBonus = schedule.DirectBonus(AccountKind.User);
        for (var i = 0; i < users.Count; i++)
        {
            if (users.Parent[i] >= 0)
            {
                _referral[users.Parent[i]] += userBonus;
                Credits++;
            }
        }

        var providers = _population.ProviderForest;
        var providerBonus = schedule.DirectBonus(AccountKind.Provider);
        var offset = _population.Spec.Users;
        for (var i = 0; i < providers.Count; i++)
        {
            if (providers.Parent[i] >= 0)
            {
                _referral[offset + providers.Parent[i]] += providerBonus;
                Credits++;
            }
        }
    }

    /// <summary>Adds one acknowledged award of the schedule.</summary>
    public void AddAward(long index)
    {
        var schedule = _population.Schedule;
        var award = _population.Award(index);
        WireNames.TryParseService(LoadPopulation.Services[award.Service], out var service);

        var points = schedule.PriceUser(service, award.Tokens);
        Credit(award.User, points, AccountKind.User, _population.UserForest, 0);

        var price = schedule.PriceProvider(service, award.Model, award.Tokens, award.Latency, _population.ProviderVram[award.Provider]);
        Credit(award.Provider, price.Amount, AccountKind.Provider, _population.ProviderForest, _population.Spec.Users);
        Awards++;
    }

    public AccountTotals For(int account) =>
        new(_earned[account], _referral[account], _earned[account] + _referral[account]);

    private void Credit(int earner, decimal amount, AccountKind kind, Forest forest, int offset)
    {
        _earned[offset + earner] += amount;
        Credits++;
        var shares = _population.Schedule.ReferralSplit(kind, amount);
        var ancestor = earner;
        for (var level = 0; level < shares.Count; level++)
        {
            ancestor = forest.Parent[ancestor];
            if (ancestor < 0)
            {
                return;
            }

            _referral[offset + ancestor] += shares[level];
            Credits++;
        }
    }
}
