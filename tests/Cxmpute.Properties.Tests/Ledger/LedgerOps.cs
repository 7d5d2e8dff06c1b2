using CsCheck;

namespace Cxmpute.Properties.Tests.Ledger;

/// <summary>Generators of random ledger sequences: mostly awards and referrals, with replays, bad codes and races.</summary>
internal static class LedgerOps
{
    public static readonly Gen<ReferSpec> Refer = Gen.Select(
        Gen.Bool,
        Gen.Int[0, 7],
        Gen.Int[0, 7],
        Gen.Frequency((12, Gen.Const(ReferShape.Normal)), (1, Gen.Const(ReferShape.Self)), (1, Gen.Const(ReferShape.KindMismatch)), (1, Gen.Const(ReferShape.UnknownCode))),
        (providers, referee, code, shape) => new ReferSpec(providers, referee, code, shape));

    public static readonly Gen<AwardSpec> Award = Gen.Select(
        Gen.Int[0, 9].Select(i => i < 7 ? (int?)null : i),
        Gen.Int[0, 9].SelectMany(replayIndex => Gen.Bool.Select(changed => (replayIndex, changed))),
        Gen.Int[0, 4],
        Gen.Int[0, 5].Select(i => i == 5 ? (int?)null : i),
        Gen.Int[0, 5].Select(i => i >= 4 ? (int?)null : i),
        Gen.Int[0, 7],
        Gen.Frequency((6, Gen.Int[0, 5000]), (1, Gen.OneOf(Gen.Const(0), Gen.Const(1), Gen.Const(int.MaxValue)))),
        Gen.Frequency((5, Gen.Int[0, 15_000].Select(l => (int?)l)), (1, Gen.Const((int?)null))),
        Gen.Frequency((12, Gen.Const(OccurredShape.Absent)), (2, Gen.Const(OccurredShape.HoursAgo)), (1, Gen.Const(OccurredShape.TooOld)),
            (1, Gen.Const(OccurredShape.SoonAhead)), (1, Gen.Const(OccurredShape.TooFarAhead))),
        Gen.Int[0, 24].Select(i => i == 0),
        (replay, pick, service, user, provider, model, tokens, latency, occurred, invalid) =>
            new AwardSpec(replay is null ? null : replay + pick.replayIndex, pick.changed, service, user, provider, model, tokens, latency, occurred, invalid));

    public static readonly Gen<LedgerOp> Op = Gen.Frequency(
        (6, Gen.Select(Gen.Int[0, 3], Gen.Int[0, 6], (p, v) => (LedgerOp)new RegisterOp(p, v))),
        (2, Gen.Int[0, 4].Select(u => (LedgerOp)new UserOp(u))),
        (6, Refer.Select(r => (LedgerOp)new ReferOp(r))),
        (3, Refer.Array[2, 6].Select(r => (LedgerOp)new ReferBurstOp(r))),
        (10, Award.Select(a => (LedgerOp)new AwardOp([a]))),
        (3, Award.Array[2, 6].Select(a => (LedgerOp)new AwardOp(a))),
        (3, Gen.Select(Award.Array[1, 5], Refer.Array[1, 4], (a, r) => (LedgerOp)new MixedBurstOp(a, r))),
        (1, Gen.Int[1, 120].Select(m => (LedgerOp)new TimeOp(m))));

    public static readonly Gen<LedgerOp[]> Sequence = Op.Array[5, 40];

    /// <summary>A sequence written out in full, for a failure message (CsCheck's default print stops at arrays).</summary>
    public static string Print(LedgerOp[] ops) => string.Join("\n", ops.Select((op, i) => $"{i + 1}: " + op switch
    {
        ReferBurstOp burst => $"ReferBurst [{string.Join(", ", burst.Applies.Select(a => a.ToString()))}]",
        MixedBurstOp mixed => $"MixedBurst awards [{string.Join(", ", mixed.Awards.Select(a => a.ToString()))}] applies [{string.Join(", ", mixed.Applies.Select(a => a.ToString()))}]",
        AwardOp awards => $"Awards [{string.Join(", ", awards.Awards.Select(a => a.ToString()))}]",
        _ => op.ToString(),
    }));
}
