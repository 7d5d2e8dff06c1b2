namespace Cxmpute.Properties.Tests.Ledger;

/// <summary>
/// One step of a random sequence. Steps hold small numbers only; <see cref="SequenceRunner"/> turns them into ids and
/// requests against the state of the moment (so every sequence is meaningful, and CsCheck can shrink it).
/// </summary>
public abstract record LedgerOp;

/// <summary>Registers (or re-registers) provider <paramref name="Provider"/> with the VRAM of choice <paramref name="Vram"/>.</summary>
public sealed record RegisterOp(int Provider, int Vram) : LedgerOp;

/// <summary>Creates user <paramref name="User"/> (idempotent).</summary>
public sealed record UserOp(int User) : LedgerOp;

/// <summary>Applies a referral code, one at a time.</summary>
public sealed record ReferOp(ReferSpec Apply) : LedgerOp;

/// <summary>Applies several referral codes at once (concurrent calls): cycle races, two codes for one account.</summary>
public sealed record ReferBurstOp(ReferSpec[] Applies) : LedgerOp;

/// <summary>
/// Awards (fresh ids, one call each) and referral applies all at once: an award may or may not see a link made in the
/// same burst (rule: late-subtree), but never loses one that existed before, and is paid exactly along the chain it saw.
/// </summary>
public sealed record MixedBurstOp(AwardSpec[] Awards, ReferSpec[] Applies) : LedgerOp;

/// <summary>Submits awards: one, or several in one call (a batch, where the same id may appear twice).</summary>
public sealed record AwardOp(AwardSpec[] Awards) : LedgerOp;

/// <summary>Moves the ledger's clock forward.</summary>
public sealed record TimeOp(int Minutes) : LedgerOp;

/// <summary>What a referral apply names: a kind (users or providers) and two pool members, or a deliberately wrong code.</summary>
public enum ReferShape
{
    Normal,
    Self,
    KindMismatch,
    UnknownCode,
}

public sealed record ReferSpec(bool Providers, int Referee, int Code, ReferShape Shape);

/// <summary>When an award says it happened, relative to the ledger's clock.</summary>
public enum OccurredShape
{
    Absent,
    HoursAgo,
    TooOld,
    SoonAhead,
    TooFarAhead,
}

/// <summary>
/// One award. <paramref name="Replay"/> null: a new id; otherwise the n-th id used so far (mod count), sent with the same
/// body, or with <paramref name="Changed"/> a different one (a conflict when the first was journaled).
/// </summary>
public sealed record AwardSpec(
    int? Replay,
    bool Changed,
    int Service,
    int? User,
    int? Provider,
    int Model,
    int Tokens,
    int? LatencyMs,
    OccurredShape Occurred,
    bool Invalid);
