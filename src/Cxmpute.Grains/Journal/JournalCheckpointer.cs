using Cxmpute.Grains.Accounts;
using Microsoft.Extensions.Logging;

namespace Cxmpute.Grains.Journal;

/// <summary>
/// Moves a journal's watermark: asks the accounts whose oldest pending commit is due to persist, then writes the
/// watermark just below the oldest commit still pending anywhere. Also paces commits (back-pressure) when the accounts'
/// writes fall behind, and drains everything when the silo stops.
/// </summary>
internal sealed class JournalCheckpointer(
    string journalId,
    IPersistentState<JournalCheckpoint> checkpoint,
    PendingEffects pending,
    JournalDeliveries deliveries,
    Func<bool> replaying,
    IGrainFactory grains,
    LedgerOptions options,
    LedgerClock time,
    LedgerMetrics metrics,
    ILogger logger)
{
    private readonly Queue<(long Seq, DateTimeOffset At)> _commitTimes = new();
    private bool _checkpointing;
    private Task _checkpoint = Task.CompletedTask;

    /// <summary>The activation is going away: no further flushes and no watermark write.</summary>
    public bool Stopped { get; private set; }

    public long Watermark => checkpoint.State.Watermark;

    /// <summary>Age of the oldest commit after the watermark (zero when every commit is durable in its accounts).</summary>
    public TimeSpan WatermarkLag => _commitTimes.TryPeek(out var oldest) ? time.GetUtcNow() - oldest.At : TimeSpan.Zero;

    public void Stop() => Stopped = true;

    public void Committed(long seq, DateTimeOffset at) => _commitTimes.Enqueue((seq, at));

    /// <summary>
    /// Called between groups: starts a checkpoint early when many deliveries are held since the watermark, and waits
    /// for it when far too many are (back-pressure).
    /// </summary>
    public async Task ThrottleAsync()
    {
        if (pending.Deliveries >= options.MaxPendingDeliveries)
        {
            _ = CheckpointNowAsync(everything: true);
        }

        if (pending.Deliveries >= 2 * options.MaxPendingDeliveries)
        {
            await _checkpoint;
            return;
        }

        // Flush back-pressure: the watermark trails the newest commit by about AccountFlushDelay while account writes
        // keep up. When it trails by more than twice that, the accounts' writes are behind what the commits produce:
        // commits then slow down in proportion (a tenth of the excess per group, up to MaxThrottleDelay) instead of
        // letting the backlog, the next checkpoint's burst and what a recovering journal replays grow. The commit rate
        // follows what storage can persist.
        var excess = WatermarkLag - (2 * options.AccountFlushDelay) - options.CheckpointInterval;
        if (excess > TimeSpan.Zero)
        {
            var delay = TimeSpan.FromTicks(Math.Min(excess.Ticks / 10, options.MaxThrottleDelay.Ticks));
            metrics.CommitsThrottled(journalId, delay);
            await Task.Delay(delay);
        }
    }

    /// <summary>
    /// The journal grain's checkpoint timer tick: starts a checkpoint and returns. A deactivation must not wait for the
    /// checkpoint's flushes, which can wait on accounts catching up from this very journal (messages to it are held
    /// while it deactivates) until the call timeout.
    /// </summary>
    public Task StartCheckpoint(CancellationToken cancellationToken)
    {
        _ = CheckpointNowAsync();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Starts a checkpoint unless one is running; returns the running one. <paramref name="everything"/> asks every
    /// account with pending commits to persist, not only those whose oldest pending commit is due.
    /// </summary>
    public Task CheckpointNowAsync(bool everything = false)
    {
        if (!_checkpointing)
        {
            _checkpoint = CheckpointAsync(everything);
        }

        return _checkpoint;
    }

    /// <summary>
    /// For a graceful stop, once nothing more will be committed: has every account with pending commits persist and
    /// moves the watermark to the last delivered commit, then stops checkpointing.
    /// </summary>
    public async Task DrainAsync()
    {
        await _checkpoint;
        for (var round = 0; round < 3 && !Stopped && !replaying() && deliveries.DeliveredSeq > Watermark; round++)
        {
            await CheckpointNowAsync(everything: true);
        }

        Stop();
    }

    /// <summary>
    /// Asks the accounts whose oldest pending commit is older than <see cref="LedgerOptions.AccountFlushDelay"/> to
    /// persist everything delivered to them so far, then moves the watermark to just below the oldest commit still
    /// pending in any account. An account credited often in that span is written once for all of it; the watermark
    /// trails by about the delay, which bounds what a recovering journal replays.
    /// </summary>
    private async Task CheckpointAsync(bool everything)
    {
        var target = deliveries.DeliveredSeq;
        if (_checkpointing || Stopped || target <= Watermark || replaying())
        {
            return;
        }

        _checkpointing = true;
        try
        {
            var due = everything ? target : Math.Min(target, DueSeq(time.GetUtcNow() - options.AccountFlushDelay));
            var flushes = new List<KeyValuePair<string, long>>();
            foreach (var (account, batches) in pending.ByAccount)
            {
                if (batches[0].Seq > due)
                {
                    continue;
                }

                // Only what is due: an account credited through several journals is then written about once per
                // delay, not once per journal. Its answer (how far it is durable for this journal, which a write made
                // for another journal may have carried past the due commit) clears the rest.
                var last = batches.LastOrDefault(b => b.Seq <= due);
                if (last is not null)
                {
                    flushes.Add(new(account, last.Seq));
                }
            }

            var durable = new long[flushes.Count];
            await JournalCalls.ForEachAsync(Enumerable.Range(0, flushes.Count).ToArray(), async i =>
            {
                if (!Stopped)
                {
                    durable[i] = await JournalCalls.WithRetries(() => grains.Grain<ILedgerAccountGrain>(flushes[i].Key).FlushAsync(journalId, flushes[i].Value));
                }
            }, options.CheckpointParallelism);
            if (Stopped)
            {
                return; // some flushes were skipped: nothing to conclude, and the next activation owns the watermark
            }

            for (var i = 0; i < flushes.Count; i++)
            {
                pending.Persisted(flushes[i].Key, Math.Max(flushes[i].Value, durable[i]));
            }

            // Every commit below the oldest one still pending somewhere is durable in every account it touched.
            var watermark = pending.WatermarkBelow(target);
            if (watermark > Watermark)
            {
                checkpoint.State.Watermark = watermark;
                await checkpoint.WriteStateAsync();
            }

            while (_commitTimes.Count > 0 && _commitTimes.Peek().Seq <= Watermark)
            {
                _commitTimes.Dequeue();
            }
        }
        catch (Orleans.Storage.InconsistentStateException ex) when (!Stopped)
        {
            // Another activation of this journal wrote the checkpoint since this one read it (a previous activation
            // finishing its last write). Its watermark is as valid as this one's (both only ever name commits durable
            // in every account), so read it and go on from there: the next checkpoint writes with the current version.
            logger.LogWarning(ex, "Journal {Journal}: the checkpoint was written elsewhere; reading it again", journalId);
            var mine = Watermark;
            try
            {
                await checkpoint.ReadStateAsync();
                checkpoint.State.Watermark = Math.Max(mine, checkpoint.State.Watermark);
            }
            catch (Exception readFailed)
            {
                logger.LogWarning(readFailed, "Journal {Journal} could not read its checkpoint again; it will try at the next conflict", journalId);
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Journal {Journal} could not checkpoint at {Target}; it will try again", journalId, target);
        }
        finally
        {
            _checkpointing = false;
        }
    }

    /// <summary>The last commit made at or before <paramref name="cutoff"/> (0 when none is that old).</summary>
    private long DueSeq(DateTimeOffset cutoff)
    {
        var due = 0L;
        foreach (var (seq, at) in _commitTimes)
        {
            if (at > cutoff)
            {
                break;
            }

            due = seq;
        }

        return due;
    }
}
