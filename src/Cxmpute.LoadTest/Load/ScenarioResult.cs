namespace Cxmpute.LoadTest.Load;

/// <summary>The figures of one run of one scenario.</summary>
internal sealed record ScenarioResult
{
    public required string Scenario { get; init; }

    public required string Mode { get; init; }

    public int Repetition { get; init; }

    public int Connections { get; init; }

    public int Batch { get; init; }

    /// <summary>Open-loop target in awards/s; 0 for a closed loop.</summary>
    public double TargetRate { get; init; }

    public double Seconds { get; init; }

    /// <summary>Awards sent at least once.</summary>
    public long Sent { get; init; }

    /// <summary>Awards acknowledged with 200.</summary>
    public long Acked { get; init; }

    /// <summary>Awards that ended with an error that is not retried (4xx other than 408/429).</summary>
    public long Failed { get; init; }

    /// <summary>Awards still unacknowledged after every retry (outcome unknown).</summary>
    public long Unresolved { get; init; }

    /// <summary>Sends of an award id already sent (after a retryable error).</summary>
    public long Retries { get; init; }

    public long Requests { get; init; }

    public double AwardsPerSecond { get; init; }

    public double P50Ms { get; init; }

    public double P90Ms { get; init; }

    public double P99Ms { get; init; }

    public double P999Ms { get; init; }

    public double MaxMs { get; init; }

    /// <summary>Every non-200 status seen (retried or not), by status.</summary>
    public Dictionary<string, long> ErrorsByStatus { get; init; } = [];

    public double FirstTenthRate { get; init; }

    public double LastTenthRate { get; init; }

    /// <summary>The Zipf exponent of this run's traffic (0: uniform over the population).</summary>
    public double Zipf { get; init; }

    /// <summary>Part of the measured span (<c>measure=1</c>), whose storage operations <see cref="StorageSpan"/> counts.</summary>
    public bool Measured { get; init; }

    public double SliceSeconds { get; init; }

    /// <summary>Awards/s in each whole slice of <see cref="SliceSeconds"/> from the start of the run.</summary>
    public List<double> Slices { get; init; } = [];

    /// <summary>The server's storage operation counter right before the first award of the run and right after its last.</summary>
    public double? StorageOperationsAtStart { get; init; }

    public double? StorageOperationsAtEnd { get; init; }

    public double? RowsWrittenAtStart { get; init; }

    public double? RowsWrittenAtEnd { get; init; }

    /// <summary>
    /// Storage operations the server counted during the load window, from right before its first award to right after its
    /// last: the account writes that earlier runs deferred and that fall into the window are charged here; those this run
    /// defers past its end are charged to the next run, or to the tail of the measured span (<see cref="StorageSpan"/>).
    /// </summary>
    public double? StorageOperations { get; init; }

    public double? StorageOperationsPerAward { get; init; }

    /// <summary>
    /// The same, counted until <see cref="SettleSeconds"/> after the load: with <c>idle=S</c> until the server's storage
    /// was idle again, so every account write the load deferred is charged to it.
    /// </summary>
    public double? StorageOperationsPerAwardSettled { get; init; }

    public Dictionary<string, double>? StorageByKind { get; init; }

    /// <summary>Rows written to storage per acknowledged award (a transaction writes several), counted like <see cref="StorageOperationsPerAwardSettled"/>.</summary>
    public double? StorageRowsPerAwardSettled { get; init; }

    /// <summary>Awards the server counted as committed during the window (replays not counted).</summary>
    public double? ServerAwards { get; init; }

    public double? ServerCreditsPerAward { get; init; }

    /// <summary>
    /// Award latency at the server (journal arrival to acknowledgement) during the window, from its histogram: what the
    /// ledger itself takes, without HTTP, the front end and the load tool's own queueing.
    /// </summary>
    public double? ServerP50Ms { get; init; }

    public double? ServerP99Ms { get; init; }

    /// <summary>Time the journals held commits back during the window because account writes were behind (summed over journals).</summary>
    public double? ThrottledSeconds { get; init; }

    /// <summary>Awards the journals set aside during the window because an account they need was still loading from storage.</summary>
    public double? AwardsSetAside { get; init; }

    /// <summary>How long the run waited beforehand for the server's storage writes to catch up (<c>idle=S</c>).</summary>
    public double IdleWaitSeconds { get; init; }

    /// <summary>How long after the load storage operations were still counted for it (<see cref="StorageOperationsPerAwardSettled"/>).</summary>
    public double SettleSeconds { get; init; }

    public double? SiloMemoryStartMb { get; init; }

    public double? SiloMemoryMidMb { get; init; }

    public double? SiloMemoryEndMb { get; init; }

    public double? SiloMemoryMaxMb { get; init; }
}
