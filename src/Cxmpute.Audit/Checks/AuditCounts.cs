namespace Cxmpute.Audit.Checks;

/// <summary>How much the audit looked at.</summary>
public sealed record AuditCounts
{
    public long AwardEntries { get; init; }

    public long ReferralEntries { get; init; }

    public long AccountsChecked { get; init; }

    public long AccountsInStorage { get; init; }

    public long LedgerEntries { get; init; }

    public long CreditsExpected { get; init; }

    public long ReferralLinks { get; init; }

    /// <summary>Award chains shorter than the final path because the missing link was created later (rule: late-subtree).</summary>
    public long ChainsGrownLater { get; init; }

    /// <summary>Award chains lacking a link created shortly before the award, while that referral may still have been in flight.</summary>
    public long ChainsConcurrent { get; init; }
}
