namespace Cxmpute.Audit.Checks;

/// <summary>An accepted referral: the referee's referrer, and the journal commit that created the link.</summary>
internal sealed record ReferralLink(string Referrer, string JournalId, long Seq, DateTimeOffset At);
