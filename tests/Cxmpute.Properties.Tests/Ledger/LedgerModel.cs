using System.Globalization;
using System.Text.RegularExpressions;
using Cxmpute.Abstractions;
using Cxmpute.Rewards;

namespace Cxmpute.Properties.Tests.Ledger;

/// <summary>
/// A small reference implementation of the ledger's rules, written from the contract and docs/product-rules.md, not from the
/// grains: validation, idempotency by award id and body, pricing through the schedule, three-level splits along the
/// referral chain of the moment, direct bonuses, and the referral rules in the contract's order.
/// </summary>
internal sealed partial class LedgerModel(RewardSchedule schedule)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromDays(30);
    private static readonly TimeSpan MaxAhead = TimeSpan.FromMinutes(5);
    private readonly Dictionary<string, ModelAccount> _accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Fingerprint, AwardResult Result)> _journaled = new(StringComparer.Ordinal);

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$")]
    private static partial Regex AwardIdPattern();

    public ModelAccount this[string id] => _accounts.TryGetValue(id, out var account) ? account : _accounts[id] = new ModelAccount();

    /// <summary>Whether a referral code naming this account finds it: a user seen before, a provider that registered.</summary>
    public bool Findable(string id) => AccountIds.IsProvider(id) ? this[id].Registered : this[id].Exists;

    public void Register(string provider, decimal vramGb)
    {
        var account = this[provider];
        account.Exists = account.Registered = true;
        account.VramGb = vramGb;
    }

    public void EnsureUser(string user) => this[user].Exists = true;

    /// <summary>The error the contract gives for this apply now (grain order: validation, self, kind, 404, already set, cycle), or null.</summary>
    public string? ReferralError(string referee, string code)
    {
        if (!AccountIds.IsValid(referee) || !AccountIds.IsValid(code))
        {
            return ErrorCodes.ValidationFailed;
        }

        if (referee == code)
        {
            return ErrorCodes.SelfReferral;
        }

        if (!AccountIds.SameKind(referee, code))
        {
            return ErrorCodes.ReferralKindMismatch;
        }

        if (!Findable(code) || (AccountIds.IsProvider(referee) && !this[referee].Registered))
        {
            return ErrorCodes.AccountNotFound;
        }

        if (this[referee].Parent is not null)
        {
            return ErrorCodes.ReferrerAlreadySet;
        }

        return IsAncestorOrSelf(referee, code) ? ErrorCodes.ReferralCycle : null;
    }

    /// <summary>Applies an accepted referral: the permanent link, the referee's existence, the referrer's direct bonus.</summary>
    public decimal ApplyReferral(string referee, string code)
    {
        this[referee].Parent = code;
        this[referee].Exists = true;
        var bonus = schedule.DirectBonus(AccountIds.IsProvider(code) ? AccountKind.Provider : AccountKind.User);
        Credit(code, "referral:" + referee, "direct", bonus);
        return bonus;
    }

    /// <summary>What the ledger must answer to this award now; a fresh accepted award is credited in the model.</summary>
    /// <param name="chainOf">The referral chain an earner is paid along (default: today's graph); a concurrent burst passes the chain the ledger saw.</param>
    public (string? Error, AwardResult? Result) Award(AwardRequest award, DateTimeOffset now, Func<string, int, List<string>>? chainOf = null)
    {
        chainOf ??= Chain;
        if (!Valid(award, now, out var service))
        {
            return (ErrorCodes.ValidationFailed, null);
        }

        var fingerprint = string.Join('|', service.ToWire(), award.UserId ?? "-", award.ProviderId ?? "-", award.Model?.ToUpperInvariant() ?? "-",
            award.Tokens.ToString(CultureInfo.InvariantCulture), award.LatencyMs?.ToString(CultureInfo.InvariantCulture) ?? "-",
            award.OccurredAt?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "-");
        if (_journaled.TryGetValue(award.AwardId, out var earlier))
        {
            return earlier.Fingerprint == fingerprint ? (null, earlier.Result with { Duplicate = true }) : (ErrorCodes.AwardIdConflict, null);
        }

        ProviderAwardView? provider = null;
        if (award.ProviderId is { } providerId)
        {
            if (!this[providerId].Registered)
            {
                return (ErrorCodes.AccountNotFound, null);
            }

            ProviderPrice price;
            try
            {
                price = schedule.PriceProvider(service, award.Model!, award.Tokens, award.LatencyMs, this[providerId].VramGb!.Value);
            }
            catch (TierNotEligibleException)
            {
                return (ErrorCodes.TierNotEligible, null);
            }

            provider = new ProviderAwardView(providerId, price.Tier.ToWire(), price.Complexity, price.BaseReward, price.TokenReward,
                price.PerformanceMultiplier, price.Amount, Split(AccountKind.Provider, price.Amount, chainOf(providerId, 3)));
        }

        UserAwardView? user = null;
        if (award.UserId is { } userId)
        {
            var points = schedule.PriceUser(service, award.Tokens);
            user = new UserAwardView(userId, points, Split(AccountKind.User, points, chainOf(userId, 3)));
        }

        var result = new AwardResult(award.AwardId, false, user, provider, schedule.Version, award.OccurredAt ?? now);
        _journaled[award.AwardId] = (fingerprint, result);
        if (user is not null)
        {
            Earn(user.AccountId, award.AwardId, "usage", user.Amount, award.Tokens, user.Referrals);
        }

        if (provider is not null)
        {
            Earn(provider.AccountId, award.AwardId, "compute", provider.Amount, award.Tokens, provider.Referrals);
        }

        return (null, result);
    }

    public List<string> Chain(string id, int max)
    {
        var chain = new List<string>();
        while (chain.Count < max && this[id].Parent is { } parent)
        {
            chain.Add(parent);
            id = parent;
        }

        return chain;
    }

    public bool IsAncestorOrSelf(string ancestor, string id)
    {
        var steps = 0;
        for (var current = id; current is not null && steps <= _accounts.Count; current = this[current].Parent, steps++)
        {
            if (current == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Direct, secondary and tertiary referrals in today's graph.</summary>
    public (long Direct, long Secondary, long Tertiary) Network(string id)
    {
        long[] counts = [0, 0, 0];
        foreach (var referee in _accounts.Keys.Where(k => this[k].Parent is not null).ToList())
        {
            var chain = Chain(referee, 3);
            var level = chain.IndexOf(id);
            if (level >= 0)
            {
                counts[level]++;
            }
        }

        return (counts[0], counts[1], counts[2]);
    }

    private bool Valid(AwardRequest award, DateTimeOffset now, out ServiceKind service)
    {
        service = default;
        return award.AwardId is not null && AwardIdPattern().IsMatch(award.AwardId)
            && WireNames.TryParseService(award.Service, out service)
            && (award.UserId is not null || award.ProviderId is not null)
            && (award.UserId is null || AccountIds.IsUser(award.UserId))
            && (award.ProviderId is null || AccountIds.IsProvider(award.ProviderId))
            && (award.ProviderId is null || !string.IsNullOrWhiteSpace(award.Model))
            && award.Model is not { Length: > 128 }
            && award.Tokens >= 0
            && award.LatencyMs is not < 0
            && (award.OccurredAt is not { } at || (at <= now + MaxAhead && at >= now - MaxAge));
    }

    private List<ReferralCreditView> Split(AccountKind kind, decimal amount, List<string> chain)
    {
        var shares = schedule.ReferralSplit(kind, amount);
        return [.. chain.Take(shares.Count).Select((account, i) => new ReferralCreditView(i + 1, account, shares[i]))];
    }

    private void Earn(string earner, string awardId, string kind, decimal amount, int tokens, IReadOnlyList<ReferralCreditView> referrals)
    {
        Credit(earner, awardId, kind, amount);
        this[earner].Requests++;
        this[earner].Tokens += tokens;
        foreach (var credit in referrals)
        {
            Credit(credit.AccountId, awardId, credit.Level switch { 1 => "primary", 2 => "secondary", _ => "tertiary" }, credit.Amount);
        }
    }

    private void Credit(string id, string awardId, string kind, decimal amount)
    {
        var account = this[id];
        account.Exists = true;
        if (kind is "usage" or "compute")
        {
            account.Own += amount;
        }
        else
        {
            account.Referral += amount;
        }

        account.Credits.Add((awardId, kind, amount));
    }
}
