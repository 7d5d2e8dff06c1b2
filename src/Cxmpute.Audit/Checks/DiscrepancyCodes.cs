namespace Cxmpute.Audit.Checks;

/// <summary>The kinds of discrepancy the audit reports. Stable names: scripts and tests match on them.</summary>
public static class DiscrepancyCodes
{
    /// <summary>An account's lifetime figures differ from the sum of its ledger entries (total, earned or referral).</summary>
    public const string LifetimeMismatch = "lifetime-mismatch";

    /// <summary>An account's ledger holds the same (awardId, kind) twice.</summary>
    public const string LedgerDuplicate = "ledger-duplicate";

    /// <summary>A credit that a journal entry implies is not in the account's ledger.</summary>
    public const string CreditMissing = "credit-missing";

    /// <summary>A ledger entry that no journal entry implies.</summary>
    public const string CreditUnexpected = "credit-unexpected";

    /// <summary>A ledger entry whose amount, source, time or schedule version differs from the journal's.</summary>
    public const string CreditMismatch = "credit-mismatch";

    /// <summary>An award id journaled more than once.</summary>
    public const string AwardTwice = "award-twice";

    /// <summary>An award in a journal other than the one its id routes to (idempotency would not hold).</summary>
    public const string AwardMisrouted = "award-misrouted";

    /// <summary>An award whose recorded amounts do not re-price exactly with the schedule.</summary>
    public const string AwardPrice = "award-price";

    /// <summary>An award whose occurredAt is outside the acceptance window around its entry time, or otherwise malformed.</summary>
    public const string AwardInvalid = "award-invalid";

    /// <summary>An award's recorded referral chain is not a prefix of the earner's ancestor path.</summary>
    public const string AwardChain = "award-chain";

    /// <summary>An award's chain lacks a link that was provably in the graph before the award was priced (rule: late-subtree).</summary>
    public const string AwardChainMissingLink = "award-chain-missing-link";

    /// <summary>An entry priced by a schedule version the audit was not given.</summary>
    public const string UnknownSchedule = "unknown-schedule";

    /// <summary>A referral whose two ends differ in kind, that refers to itself, or sits in the wrong journal.</summary>
    public const string ReferralKind = "referral-kind";

    /// <summary>An account referred more than once.</summary>
    public const string ReferrerTwice = "referrer-twice";

    /// <summary>A referral that closes a cycle.</summary>
    public const string ReferralCycle = "referral-cycle";

    /// <summary>A referral whose recorded facts (ancestors, network sizes, bonus) differ from the graph and schedule.</summary>
    public const string ReferralFacts = "referral-facts";

    /// <summary>An account's referredBy differs from the graph.</summary>
    public const string ReferrerMismatch = "referrer-mismatch";

    /// <summary>An account's direct / secondary / tertiary counts differ from the graph.</summary>
    public const string NetworkCount = "network-count";

    /// <summary>A provider that earned or took part in a referral but is not registered.</summary>
    public const string ProviderUnregistered = "provider-unregistered";

    /// <summary>An account that storage or a journal names, but the API does not know.</summary>
    public const string AccountMissing = "account-missing";

    /// <summary>An account the API could not serve (after retries).</summary>
    public const string AccountUnreadable = "account-unreadable";

    /// <summary>A journal whose entries are not in sequence order, or hold the wrong kind of entry.</summary>
    public const string JournalOrder = "journal-order";
}
