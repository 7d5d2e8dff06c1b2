using Cxmpute.Grains;

namespace Cxmpute.Audit.Checks;

/// <summary>What the checks need to know of the deployment besides its data.</summary>
public sealed record AuditSettings
{
    /// <summary>The deployment's <c>Ledger:AwardJournals</c>: awards must sit in the journal their id routes to. 0 skips that check.</summary>
    public int AwardJournals { get; init; } = LedgerOptions.DefaultAwardJournals;

    /// <summary>How far before its entry time an award's occurredAt may be (rule: occurred-at-window).</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromDays(30);

    /// <summary>How far after its entry time an award's occurredAt may be (rule: occurred-at-window).</summary>
    public TimeSpan MaxFutureSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a referral may take from its entry time to being visible to award pricing. An award whose chain lacks a
    /// link created earlier than that before the award is a discrepancy; a shorter gap is reported as a concurrent race
    /// unless a later commit of the same referral journal proves the link was visible (see src/Cxmpute.Audit/README.md).
    /// </summary>
    public TimeSpan RaceWindow { get; init; } = TimeSpan.FromSeconds(60);
}
