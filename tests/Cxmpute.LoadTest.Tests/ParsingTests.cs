using Cxmpute.LoadTest.Load;
using Cxmpute.LoadTest.Metrics;
using Cxmpute.LoadTest.Targets;

namespace Cxmpute.LoadTest.Tests;

public sealed class ParsingTests
{
    [Fact]
    public void Prometheus_series_are_summed_by_name_and_by_label()
    {
        const string text = """
            # TYPE cxmpute_storage_operations_total counter
            cxmpute_storage_operations_total{otel_scope_name="Cxmpute.Ledger",kind="page"} 12 1700000000000
            cxmpute_storage_operations_total{otel_scope_name="Cxmpute.Ledger",kind="snapshots"} 3.5e1
            cxmpute_storage_operations_total_created 5
            cxmpute_awards_total{otel_scope_name="Cxmpute.Ledger"} 1000
            dotnet_process_memory_working_set_bytes 123456
            """;
        Assert.Equal(47, PrometheusText.Sum(text, "cxmpute_storage_operations_total"));
        Assert.Equal(1000, PrometheusText.Sum(text, "cxmpute_awards_total"));
        Assert.Equal(123456, PrometheusText.Sum(text, "dotnet_process_memory_working_set_bytes"));
        Assert.Null(PrometheusText.Sum(text, "cxmpute_credits_total"));
        var byKind = PrometheusText.SumBy(text, "cxmpute_storage_operations_total", "kind");
        Assert.Equal(12, byKind["page"]);
        Assert.Equal(35, byKind["snapshots"]);
    }

    [Fact]
    public void Award_latency_percentiles_come_from_the_histogram_difference_between_two_readings()
    {
        static string Reading(params (string Le, int Count)[] buckets) => string.Join('\n', buckets.SelectMany(b => new[]
        {
            $"cxmpute_award_duration_milliseconds_bucket{{otel_scope_name=\"Cxmpute.Ledger\",le=\"{b.Le}\"}} {b.Count}",
            $"cxmpute_commit_delivery_duration_milliseconds_bucket{{otel_scope_name=\"Cxmpute.Ledger\",journal=\"a0\",le=\"{b.Le}\"}} 999",
        }));
        const string metric = "cxmpute_award_duration_milliseconds";
        var before = LatencyBuckets.Read(Reading(("10", 100), ("50", 100), ("100", 100), ("+Inf", 100)), metric);
        var after = LatencyBuckets.Read(Reading(("10", 150), ("50", 190), ("100", 199), ("+Inf", 200)), metric)!;

        // Between the readings: 50 awards ≤ 10 ms, 40 in (10, 50], 9 in (50, 100], 1 above 100 ms.
        Assert.Equal(10, after.Percentile(before, 50)!.Value, 9);         // rank 50 of 100: the top of the first bucket
        Assert.Equal(30, after.Percentile(before, 70)!.Value, 9);         // rank 70: halfway through (10, 50]
        Assert.Equal(100, after.Percentile(before, 99)!.Value, 9);        // rank 99: the top of (50, 100]
        Assert.Equal(100, after.Percentile(before, 99.9)!.Value, 9);      // in the open-ended bucket: its lower bound
        Assert.Equal(20, after.Percentile(null, 80)!.Value, 9);           // all 200: rank 160 is 10 of the 40 into (10, 50]
        Assert.Null(after.Percentile(after, 50));                         // nothing happened in between
        Assert.Null(LatencyBuckets.Read("cxmpute_awards_total 5", metric));
    }

    [Fact]
    public void Batch_statuses_are_read_per_item_ignoring_the_status_inside_a_problem()
    {
        var json = """
            {"results":[
              {"index":0,"status":200,"result":{"awardId":"a","user":{"amount":2.0,"referrals":[]}}},
              {"index":1,"status":422,"error":{"type":"about:blank","status":422,"code":"tier_not_eligible"}},
              {"index":2,"status":503,"error":{"status":503,"code":"unavailable"}}]}
            """u8;
        var statuses = new int[3];
        Assert.Equal(3, ResponseReader.BatchStatuses(json, statuses));
        Assert.Equal([200, 422, 503], statuses);
        Assert.False(Status.IsRetryable(422));
        Assert.True(Status.IsRetryable(503));
    }

    [Fact]
    public void Lifetime_totals_are_read_as_exact_decimals()
    {
        var json = """{"accountId":"usr_a","lifetime":{"earned":2.000000000000000000001,"referral":0.009375,"total":2.009375000000000000001},"history":[{"earned":1}]}"""u8;
        var totals = ResponseReader.Lifetime(json);
        Assert.Equal(2.000000000000000000001m, totals.Earned);
        Assert.Equal(0.009375m, totals.Referral);
    }

    [Fact]
    public void Scenarios_parse_with_defaults_per_mode()
    {
        var batch = ScenarioSpec.Parse("http-batch", TimeSpan.FromSeconds(30), 1000);
        Assert.Equal((8, 500, false), (batch.Connections, batch.Batch, batch.OpenLoop));
        var open = ScenarioSpec.Parse("http:conn=64:rate=half:duration=5", TimeSpan.FromSeconds(30), 1000);
        Assert.True(open.HalfOfPrevious);
        Assert.Equal(TimeSpan.FromSeconds(5), open.Duration);
        Assert.Equal(TimeSpan.Zero, open.IdleWait);
        Assert.Equal(TimeSpan.FromSeconds(240), ScenarioSpec.Parse("http:rate=half:idle=240", TimeSpan.FromSeconds(30), 1000).IdleWait);
        Assert.Throws<ArgumentException>(() => ScenarioSpec.Parse("http:batch=10", TimeSpan.FromSeconds(1), 1));
        Assert.Throws<ArgumentException>(() => ScenarioSpec.Parse("grpc", TimeSpan.FromSeconds(1), 1));
    }

    [Fact]
    public void Scenarios_parse_skew_measured_span_and_slices()
    {
        var batch = ScenarioSpec.Parse("http-batch:conn=4:batch=250:duration=180:measure=1:label=batch", TimeSpan.FromSeconds(30), 1000);
        Assert.True(batch.Measured);
        Assert.Null(batch.Zipf);
        Assert.Equal(30, batch.SliceSeconds);
        Assert.Equal(TimeSpan.Zero, batch.IdleWait);
        var zipf = ScenarioSpec.Parse("http-batch:zipf=1.2:slice=10", TimeSpan.FromSeconds(30), 1000);
        Assert.Equal(1.2, zipf.Zipf);
        Assert.False(zipf.Measured);
        Assert.Equal(10, zipf.SliceSeconds);
        Assert.EndsWith("zipf=1.2", zipf.Label, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ScenarioSpec.Parse("http:zipf=-1", TimeSpan.FromSeconds(1), 1));
    }

    [Fact]
    public void Slices_give_the_rate_of_each_whole_slice_and_leave_out_a_partial_last_one()
    {
        // 100/s for 30 s, 80/s for 30 s, then 10 s of a draining tail at 5/s.
        var progress = new List<(double, long)> { (0, 0) };
        long acked = 0;
        for (var s = 1; s <= 70; s++)
        {
            acked += s <= 30 ? 100 : s <= 60 ? 80 : 5;
            progress.Add((s, acked));
        }

        var slices = LoadDriver.Slices(progress, 30);
        Assert.Equal(2, slices.Count);
        Assert.Equal(100, slices[0], 9);
        Assert.Equal(80, slices[1], 9);
        // Interpolated between samples that do not fall on a slice's edge.
        var sparse = LoadDriver.Slices([(0, 0), (20, 2_000), (45, 4_000), (61, 4_800)], 30);
        Assert.Equal(2, sparse.Count);
        Assert.Equal(2_800 / 30.0, sparse[0], 9);           // 2,000 + 10/25 of the next 2,000
        Assert.Equal((4_750 - 2_800) / 30.0, sparse[1], 9); // 4,000 + 15/16 of the next 800
        Assert.Empty(LoadDriver.Slices([(0, 0), (10, 100)], 30));
    }

    [Fact]
    public void Tenths_are_interpolated_from_the_progress()
    {
        // 1,000 awards/s for 9 s, then 500/s: the first tenth runs at 1,000/s, the last at 500/s.
        var progress = new List<(double, long)> { (0, 0) };
        long acked = 0;
        for (var s = 1; s <= 12; s++)
        {
            acked += s <= 9 ? 1000 : 500;
            progress.Add((s, acked));
        }

        var (first, last) = LoadDriver.Tenths(progress, acked);
        Assert.Equal(1000, first, 6);
        Assert.Equal(500, last, 6);
    }

    [Fact]
    public void Acknowledgements_are_kept_once_per_index()
    {
        var acks = new AckTracker(200);
        Assert.True(acks.Mark(3));
        Assert.False(acks.Mark(3));
        Assert.True(acks.Mark(130));
        Assert.Equal([3L, 130L], acks.Marked());
    }
}
