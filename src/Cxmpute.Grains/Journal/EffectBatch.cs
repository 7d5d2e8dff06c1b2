namespace Cxmpute.Grains.Journal;

/// <summary>The effects of one journal commit (sequence number) on one account, in order.</summary>
[GenerateSerializer, Immutable, Alias("cx.EffectBatch")]
public sealed record EffectBatch([property: Id(0)] string JournalId, [property: Id(1)] long Seq, [property: Id(2)] IReadOnlyList<Effect> Effects);
