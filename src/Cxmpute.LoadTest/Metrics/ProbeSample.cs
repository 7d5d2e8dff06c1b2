namespace Cxmpute.LoadTest.Metrics;

/// <summary>Server-side figures at one moment: ledger counters, the award latency histogram and the silo's memory (working set), when known.</summary>
internal sealed record ProbeSample(double StorageOperations, double Awards, double Credits, double? MemoryBytes, IReadOnlyDictionary<string, double> StorageByKind, double? RowsWritten = null, LatencyBuckets? AwardLatency = null, double? ThrottledSeconds = null, double? AwardsSetAside = null);
