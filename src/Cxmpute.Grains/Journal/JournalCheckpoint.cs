namespace Cxmpute.Grains.Journal;

/// <summary>
/// A journal's persisted checkpoint: every commit at or below <see cref="Watermark"/> is durable in every account it
/// touched, so recovery replays only the commits after it.
/// </summary>
[GenerateSerializer, Alias("cx.JournalCheckpoint")]
public sealed class JournalCheckpoint
{
    [Id(0)] public long Watermark { get; set; }
}
