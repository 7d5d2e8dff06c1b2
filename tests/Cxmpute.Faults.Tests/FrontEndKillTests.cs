using System.Diagnostics;
using System.Text.Json;
using Cxmpute.Faults.Tests.Infrastructure;
using Cxmpute.Testing;
using Cxmpute.Testing.Cluster;
using Xunit.Abstractions;

namespace Cxmpute.Faults.Tests;

/// <summary>
/// A silo and a front end; four concurrent <c>POST /api/awards/batch</c> of 1,000 awards each, and the front end killed (SIGKILL)
/// while they are in flight (half the time a warm-up took, halved until a kill lands mid-batch). The front end is started again
/// on the same URL and each batch sent again until answered: every item 200, the awards the first attempt had applied reported
/// <c>duplicate: true</c>; a third send is all duplicates with the same credits. Afterwards every award is credited exactly once and the audit passes.
/// </summary>
public sealed class FrontEndKillTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const int BatchSize = 1000;
    private const int Concurrent = 4;
    private const int Rounds = 2;

    [Fact]
    public async Task Front_end_killed_mid_batch_then_the_batch_retried_credits_every_award_once_and_reports_duplicates()
    {
        var report = new FaultReport("front-end-kill");
        var wall = Stopwatch.StartNew();
        var run = "f" + Guid.NewGuid().ToString("N")[..6];
        await using var fc = await FaultCluster.StartAsync(azurite.ConnectionString, "front-end-kill", 1, output);
        var workload = new Workload(run);
        var deadline = DateTime.UtcNow.AddMinutes(8);
        await workload.SetUpAsync(fc.Api, deadline);
        var occurredAt = DateTimeOffset.UtcNow.AddMinutes(-1);

        // --- warm-up: how long Concurrent batches take here ---
        var from = 0;
        var clock = Stopwatch.StartNew();
        foreach (var items in await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(k => BatchAsync(fc.Api, workload.BatchBody(k * BatchSize, BatchSize, occurredAt), deadline))))
        {
            Assert.All(items, item => Assert.Equal(200, item.Status));
            foreach (var item in items)
            {
                workload.Record(item.Ack!);
            }
        }

        var batchTime = clock.Elapsed;
        from += Concurrent * BatchSize;
        fc.Log($"warm-up: {Concurrent} concurrent batches of {BatchSize} in {batchTime.TotalSeconds:0.00} s");

        var interrupted = 0;
        var killsAfterAnswer = 0;
        var duplicatesOnRetry = new List<string>();
        var restartSeconds = new List<double>();
        var delay = batchTime / 2;
        for (var round = 0; interrupted < Rounds && round < Rounds + 4; round++)
        {
            var bodies = Enumerable.Range(0, Concurrent).Select(k => workload.BatchBody(from + (k * BatchSize), BatchSize, occurredAt)).ToArray();
            from += Concurrent * BatchSize;

            // --- the batches, and SIGKILL to the front end while they are in flight ---
            using var firstClient = new LedgerHttp(fc.Cluster.FrontEndUrl, FaultCluster.ApiKey);
            var first = bodies.Select(body => firstClient.PostOnceAsync("/api/awards/batch", body, TimeSpan.FromSeconds(120))).ToArray();
            await Task.Delay(delay);
            var frontEnd = fc.Cluster.FrontEnd!;
            frontEnd.KillTree();
            await frontEnd.WaitForExitAsync(TimeSpan.FromSeconds(10));
            var answers = await Task.WhenAll(first);
            var unanswered = answers.Count(a => a.Status is null);
            fc.Log($"round {round + 1}: SIGKILL to the front end {delay.TotalMilliseconds:0} ms into {Concurrent} batches; {unanswered} got no answer");
            if (unanswered > 0)
            {
                interrupted++;
            }
            else
            {
                killsAfterAnswer++;
                delay /= 2;
            }

            clock.Restart();
            await fc.RestartFrontEndAsync();
            restartSeconds.Add(clock.Elapsed.TotalSeconds);

            // --- the same batches again until answered: every item 200, the ones applied before the kill as duplicates ---
            using var api = new LedgerHttp(fc.Cluster.FrontEndUrl, FaultCluster.ApiKey);
            var duplicates = 0;
            for (var k = 0; k < Concurrent; k++)
            {
                var retried = await BatchAsync(api, bodies[k], deadline);
                Assert.Equal(BatchSize, retried.Count);
                Assert.All(retried, item => Assert.True(item.Status == 200, $"item {item.Index} answered {item.Status} on the retry"));
                if (answers[k].Status == 200)
                {
                    Assert.All(retried, item => Assert.True(item.Ack!.Duplicate, "a batch answered before the kill is all duplicates when sent again"));
                }

                duplicates += retried.Count(item => item.Ack!.Duplicate);
                foreach (var item in retried)
                {
                    workload.Record(item.Ack!);
                }

                // --- and once more: all duplicates, same credits ---
                foreach (var item in await BatchAsync(api, bodies[k], deadline))
                {
                    Assert.True(item.Ack!.Duplicate, $"item {item.Index} of a batch sent a third time should be a duplicate");
                    workload.Record(item.Ack!); // asserts the same credits
                }
            }

            duplicatesOnRetry.Add($"{duplicates}/{Concurrent * BatchSize}");
            fc.Log($"round {round + 1}: front end back in {restartSeconds[^1]:0.0} s; retry: {duplicates} of {Concurrent * BatchSize} already applied (duplicate), {(Concurrent * BatchSize) - duplicates} applied now; third send all duplicates");
        }

        var comparison = await LedgerCheck.CompareAsync(fc.Api, workload, deadline);
        fc.Log($"{comparison.Accounts} accounts, {comparison.ExpectedCredits} credits: lost {comparison.Lost}, doubled {comparison.Doubled}, total mismatches {comparison.TotalMismatches}");
        var audit = await LedgerCheck.AuditAsync(azurite.ConnectionString, fc.Cluster);
        fc.Log($"audit exit code {audit.ExitCode}");

        report.Faults["front end SIGKILL mid-batch + restart"] = interrupted;
        if (killsAfterAnswer > 0)
        {
            report.Faults["front end SIGKILL after the batch was answered"] = killsAfterAnswer;
        }

        report.AwardsAcknowledged = workload.Acks.Count;
        report.AwardsLost = comparison.Lost;
        report.DoubleCredits = comparison.Doubled;
        report.TotalMismatches = comparison.TotalMismatches;
        report.AuditExitCode = audit.ExitCode;
        report.TimeToRecoverSeconds.AddRange(restartSeconds);
        report.Details["batchSize"] = BatchSize;
        report.Details["concurrentBatches"] = Concurrent;
        report.Details["warmUpSeconds"] = Math.Round(batchTime.TotalSeconds, 2);
        report.Details["duplicatesOnRetry"] = string.Join(", ", duplicatesOnRetry);
        report.Notes.Add("time to recover here: front end SIGKILL to the restarted front end answering /health/ready");
        report.DurationSeconds = wall.Elapsed.TotalSeconds;
        report.Write(output);

        Assert.True(interrupted >= 1, $"no kill landed while a batch was in flight ({killsAfterAnswer} landed after the answer)");
        Assert.True(comparison.Exact, $"lost {comparison.Lost}, doubled {comparison.Doubled}, lifetime totals wrong {comparison.TotalMismatches}: {string.Join("; ", comparison.Problems)}");
        Assert.True(audit.Passed, $"the audit exited with {audit.ExitCode}:\n{audit.Output}");
        fc.Passed();
    }

    private static async Task<List<BatchItem>> BatchAsync(LedgerHttp api, string body, DateTime deadline)
    {
        using var document = await api.PostJsonAsync("/api/awards/batch", body, deadline);
        return [.. document.RootElement.GetProperty("results").EnumerateArray().Select(r => new BatchItem(
            r.GetProperty("index").GetInt32(),
            r.GetProperty("status").GetInt32(),
            r.TryGetProperty("result", out var result) ? AwardAck.Parse(result) : null))];
    }

    private sealed record BatchItem(int Index, int Status, AwardAck? Ack);
}
