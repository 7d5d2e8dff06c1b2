namespace Cxmpute.LoadTest.Metrics;

/// <summary>Reads the server's own counters (<c>/metrics</c>, or the in-process <c>LedgerMetrics</c>).</summary>
internal interface IServerProbe
{
    string Describe { get; }

    /// <summary>A sample, or null when the server does not expose one right now.</summary>
    Task<ProbeSample?> SampleAsync(CancellationToken cancellationToken);
}
