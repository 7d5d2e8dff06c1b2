using Cxmpute.Abstractions;
using Cxmpute.Grains.Journal;
using Cxmpute.Grains.Referrals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cxmpute.Grains.Hosting;

/// <summary>
/// Keeps every journal active: after a silo is lost, its journals come back on a survivor and replay whatever they
/// had committed but not yet delivered, even if no new award arrives for them.
/// </summary>
internal sealed class JournalKeeper(IGrainFactory grains, IOptions<LedgerOptions> options, ILogger<JournalKeeper> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(JournalKeeper), ServiceLifecycleStage.Active, OnStartAsync, OnStopAsync);

    private Task OnStartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));

        // Not at once: silos of a cluster start together, and the first one up would otherwise activate every
        // journal on itself before the others join.
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(20), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var pings = Enumerable.Range(0, options.Value.AwardJournals)
                    .Select(i => grains.GetGrain<IAwardJournalGrain>(i).PingAsync())
                    .Append(grains.GetGrain<IReferralJournalGrain>(IReferralGrain.Users).PingAsync())
                    .Append(grains.GetGrain<IReferralJournalGrain>(IReferralGrain.Providers).PingAsync());
                await Task.WhenAll(pings).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Journals did not all answer; trying again");
            }

            try
            {
                await timer.WaitForNextTickAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
