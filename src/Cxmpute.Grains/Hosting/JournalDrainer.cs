using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cxmpute.Grains.Hosting;

/// <summary>
/// A graceful stop leaves nothing to replay: before the silo deactivates its grains, each journal it hosts stops
/// taking awards (they answer 503, a retry is safe), finishes what it has taken, and has every account it credited
/// persist, then writes its watermark. Accounts then deactivate with nothing left to write, and the next activation of
/// each journal starts with nothing to deliver again.
/// </summary>
internal sealed class JournalDrainer(LocalJournals journals, IOptions<LedgerOptions> options, ILogger<JournalDrainer> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(JournalDrainer), ServiceLifecycleStage.Active, _ => Task.CompletedTask, OnStopAsync);

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        var drains = journals.All();
        if (drains.Count == 0)
        {
            return;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var tasks = drains.Select(async pair =>
        {
            try
            {
                await pair.Value().WaitAsync(options.Value.DrainTimeout, cancellationToken);
                return true;
            }
            catch (Exception ex)
            {
                // Nothing is lost: what this journal could not flush is replayed by its next activation.
                logger.LogWarning("Journal {Journal} did not drain before the silo stopped ({Reason}); its next activation replays the rest", pair.Key, ex.Message);
                return false;
            }
        });
        var drained = (await Task.WhenAll(tasks)).Count(ok => ok);
        logger.LogInformation("Drained {Drained} of {Journals} journals in {Elapsed:F1} s", drained, drains.Count, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
    }
}
