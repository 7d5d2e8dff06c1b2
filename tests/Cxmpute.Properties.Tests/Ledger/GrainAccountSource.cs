using Cxmpute.Abstractions;
using Cxmpute.Audit.Checks;
using Cxmpute.Audit.Sources;

namespace Cxmpute.Properties.Tests.Ledger;

/// <summary>Accounts read through the grain interfaces the front end uses (stats and the whole ledger), for the audit.</summary>
internal sealed class GrainAccountSource(IGrainFactory grains) : IAccountSource
{
    private long _requests;

    public long Requests => Interlocked.Read(ref _requests);

    public async Task<AccountObservation> ReadAsync(string accountId, CancellationToken cancellationToken)
    {
        var account = grains.GetGrain<IAccountGrain>(accountId);
        Interlocked.Increment(ref _requests);
        if (await account.GetStatsAsync() is not { } stats)
        {
            return AccountObservation.NotFound(accountId);
        }

        var entries = new List<ObservedCredit>();
        string? cursor = null;
        do
        {
            Interlocked.Increment(ref _requests);
            var page = (await account.GetLedgerAsync(cursor, 1000))!;
            entries.AddRange(page.Entries.Select(e => new ObservedCredit(e.AwardId, e.Kind, e.Amount, e.SourceAccountId, e.At, e.ScheduleVersion)));
            cursor = page.Cursor;
        }
        while (cursor is not null);

        return new AccountObservation(accountId)
        {
            Found = true,
            ReferredBy = stats.ReferredBy,
            Earned = stats.Lifetime.Earned,
            Referral = stats.Lifetime.Referral,
            Total = stats.Lifetime.Total,
            Direct = stats.DirectReferrals,
            Secondary = stats.SecondaryReferrals,
            Tertiary = stats.TertiaryReferrals,
            Registered = AccountIds.IsProvider(accountId) ? stats.Provider?.Tier is not null : null,
            Entries = entries,
        };
    }
}
