using Cxmpute.Abstractions;

namespace Cxmpute.Grains.Journal;

/// <summary>
/// One acknowledged operation as written to a journal page: an award with its priced result, or a referral apply
/// with the graph facts it was decided on. Effects are derived from it by <see cref="EffectPlanner"/>, so a replay
/// after a crash credits exactly what the first delivery did.
/// </summary>
public sealed class JournalEntry
{
    public long Seq { get; set; }

    public DateTimeOffset At { get; set; }

    public AwardRecord? Award { get; set; }

    public ReferralRecord? Referral { get; set; }
}

/// <summary>An award as accepted: the request's fingerprint, its activity, and the priced result.</summary>
public sealed class AwardRecord
{
    public required string Fingerprint { get; set; }

    public required string Service { get; set; }

    public int Tokens { get; set; }

    public int? LatencyMs { get; set; }

    public string? Model { get; set; }

    public required AwardResult Result { get; set; }
}

/// <summary>A referral apply: <see cref="Referee"/> joins <see cref="Referrer"/>, whose ancestors and the referee's network are recorded.</summary>
public sealed class ReferralRecord
{
    public required string Referee { get; set; }

    public required string Referrer { get; set; }

    /// <summary>The referrer's referrer and that one's referrer, as far as they exist.</summary>
    public List<string> Ancestors { get; set; } = [];

    /// <summary>The referee's direct referrals when it joined (they become the referrer's secondary ones).</summary>
    public long RefereeDirect { get; set; }

    /// <summary>The referee's secondary referrals when it joined (they become the referrer's tertiary ones).</summary>
    public long RefereeSecondary { get; set; }

    public decimal Bonus { get; set; }

    public required string ScheduleVersion { get; set; }
}
