namespace Cxmpute.LoadTest.Metrics;

/// <summary>
/// Scrapes the silo's <c>/metrics</c> (OpenTelemetry Prometheus exporter): <c>cxmpute_storage_operations_total</c>,
/// <c>cxmpute_awards_total</c>, <c>cxmpute_credits_total</c>, the award latency histogram and the runtime's working set. When the silo's process id
/// is known (a local silo), its resident set size is read from <c>/proc</c> instead.
/// </summary>
internal sealed class PrometheusProbe(Uri metricsUri, int? siloPid, HttpClient? client = null) : IServerProbe, IDisposable
{
    /// <summary>At the journal: from an award's arrival to its acknowledgement.</summary>
    public const string AwardLatencyMetric = "cxmpute_award_duration_milliseconds";

    private static readonly string[] MemoryMetrics = ["dotnet_process_memory_working_set_bytes", "process_working_set_bytes", "process_memory_usage_bytes"];
    private readonly HttpClient _client = client ?? new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly bool _ownsClient = client is null;

    public string Describe => $"{metricsUri}" + (siloPid is { } pid ? $" and /proc/{pid}" : "");

    public async Task<ProbeSample?> SampleAsync(CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await _client.GetStringAsync(metricsUri, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }

        var byKind = PrometheusText.SumBy(text, "cxmpute_storage_operations_total", "kind");
        var memory = siloPid is { } pid ? ProcessMemory.ResidentBytes(pid) : null;
        memory ??= MemoryMetrics.Select(m => PrometheusText.Sum(text, m)).FirstOrDefault(v => v is not null);
        return new ProbeSample(
            byKind.Values.Sum(),
            PrometheusText.Sum(text, "cxmpute_awards_total") ?? 0,
            PrometheusText.Sum(text, "cxmpute_credits_total") ?? 0,
            memory,
            byKind,
            PrometheusText.Sum(text, "cxmpute_storage_rows_written_total"),
            LatencyBuckets.Read(text, AwardLatencyMetric),
            PrometheusText.Sum(text, "cxmpute_commit_throttled_seconds_total") ?? 0,
            PrometheusText.Sum(text, "cxmpute_award_set_aside_total") ?? 0);
    }

    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }
}
