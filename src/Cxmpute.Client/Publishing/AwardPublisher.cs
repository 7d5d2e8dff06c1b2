using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Cxmpute.Client;

/// <summary>
/// Turns one award per served request into <c>POST /api/awards/batch</c> calls. <see cref="PublishAsync"/> completes when the
/// ledger has durably credited the award (or refused it: the item's error is thrown to that caller as a
/// <see cref="CxmputeApiException"/>).
/// <list type="bullet">
/// <item>Awards are coalesced up to <see cref="AwardPublisherOptions.MaxBatchSize"/> or until <see cref="AwardPublisherOptions.Linger"/>
/// has passed since a batch's first award; at most <see cref="AwardPublisherOptions.MaxBatchesInFlight"/> batches are sent at once.</item>
/// <item>The queue holds at most <see cref="AwardPublisherOptions.QueueCapacity"/> awards: callers then wait (or fail fast).</item>
/// <item>On 503, 429, timeouts and connection errors the unconfirmed awards are sent again, with the same award ids, with
/// jittered exponential backoff until <see cref="AwardPublisherOptions.RetryDeadline"/>; the contract makes such a retry credit
/// each award exactly once. An award credited by an attempt whose answer was lost comes back with <c>Duplicate = true</c>.</item>
/// <item><see cref="DisposeAsync"/> stops taking awards and sends everything queued before it returns.</item>
/// </list>
/// The queue is in memory. If the process dies, the awards queued or in flight are lost unless their callers publish them
/// again: an award counts as done only when its <see cref="PublishAsync"/> has completed. Publishing again with the same
/// award id is always safe.
/// </summary>
public sealed class AwardPublisher : IAsyncDisposable
{
    /// <summary>The name of the <see cref="Meter"/> of the publisher's metrics.</summary>
    public const string MeterName = "Cxmpute.Client.AwardPublisher";

    private readonly Func<CxmputeClient> _clients;
    private readonly AwardPublisherOptions _options;
    private readonly TimeProvider _time;
    private readonly Channel<PendingAward> _queue;
    private readonly SemaphoreSlim _inFlight;
    private readonly ResiliencePipeline _retry;
    private readonly PublisherMetrics _metrics;
    private readonly Task _loop;
    private int _disposed;

    /// <summary>A publisher sending through one client (for use without dependency injection).</summary>
    public AwardPublisher(CxmputeClient client, AwardPublisherOptions? options = null, IMeterFactory? meterFactory = null)
        : this(ClientOf(client), options, meterFactory)
    {
    }

    /// <summary>A publisher sending through a client from <paramref name="clients"/> for each batch (as the DI registration does).</summary>
    public AwardPublisher(Func<CxmputeClient> clients, AwardPublisherOptions? options = null, IMeterFactory? meterFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(clients);
        _clients = clients;
        _options = options ?? new AwardPublisherOptions();
        _options.Validate();
        _time = timeProvider ?? TimeProvider.System;
        _queue = Channel.CreateBounded<PendingAward>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _inFlight = new SemaphoreSlim(_options.MaxBatchesInFlight);
        _metrics = new PublisherMetrics(meterFactory, () => _queue.Reader.Count);
        _retry = new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddTimeout(_options.RetryDeadline)
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome.Exception, args.Context.CancellationToken)),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.RetryBaseDelay,
                MaxDelay = _options.RetryMaxDelay,
                OnRetry = _ =>
                {
                    _metrics.Retries.Add(1);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Awards queued and not yet in a batch.</summary>
    public int QueueLength => _queue.Reader.Count;

    /// <summary>
    /// Queues the award and completes when the ledger has credited it (durably; <see cref="AwardResult.Duplicate"/> when it had
    /// been credited before). Throws <see cref="CxmputeApiException"/> with the item's code when the ledger refuses it
    /// (<c>tier_not_eligible</c>, <c>award_id_conflict</c>, <c>validation_failed</c>, ...) or with <c>not_confirmed</c> when no
    /// outcome was confirmed before the retry deadline (publish it again with the same id); <see cref="AwardQueueFullException"/>
    /// when the queue is full and fail-fast is set. Cancelling <paramref name="cancellationToken"/> stops waiting for room or for
    /// the outcome; an award already queued may still be credited.
    /// </summary>
    public Task<AwardResult> PublishAsync(Award award, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(award);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var pending = new PendingAward(award, _time.GetTimestamp());
        if (_queue.Writer.TryWrite(pending))
        {
            // The award's own task, so that it has completed by the time DisposeAsync returns.
            return cancellationToken.CanBeCanceled ? pending.Completion.Task.WaitAsync(cancellationToken) : pending.Completion.Task;
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _options.FailFastWhenFull
            ? Task.FromException<AwardResult>(new AwardQueueFullException())
            : WaitForRoomAsync(pending, cancellationToken);
    }

    /// <summary>Stops taking awards, sends everything queued (retrying until the deadline), and returns when every award has an outcome.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        _metrics.Dispose();
        _inFlight.Dispose();
    }

    private async Task<AwardResult> WaitForRoomAsync(PendingAward pending, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException e)
        {
            throw new ObjectDisposedException(nameof(AwardPublisher), e);
        }

        return await pending.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static Func<CxmputeClient> ClientOf(CxmputeClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return () => client;
    }

    private static bool IsTransient(Exception? exception, CancellationToken token) => exception switch
    {
        null => false,
        CxmputeApiException api => api.IsTransient,
        UnconfirmedItemsException or HttpRequestException or IOException or TimeoutRejectedException or BrokenCircuitException => true,
        OperationCanceledException => !token.IsCancellationRequested, // an HTTP timeout, not the deadline
        _ => false,
    };

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var sends = new List<Task>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var batch = await FillAsync(reader).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                continue;
            }

            await _inFlight.WaitAsync().ConfigureAwait(false);
            sends.RemoveAll(task => task.IsCompleted);
            sends.Add(SendAsync(batch));
        }

        await Task.WhenAll(sends).ConfigureAwait(false);
    }

    /// <summary>Takes what is queued up to the batch size, waiting up to the linger for more after the first award.</summary>
    private async Task<List<PendingAward>> FillAsync(ChannelReader<PendingAward> reader)
    {
        var max = _options.MaxBatchSize;
        var batch = new List<PendingAward>(Math.Min(max, Math.Max(reader.Count, 16)));
        while (batch.Count < max && reader.TryRead(out var item))
        {
            batch.Add(item);
        }

        if (batch.Count == 0 || batch.Count >= max || _options.Linger <= TimeSpan.Zero)
        {
            return batch;
        }

        using var linger = new CancellationTokenSource(_options.Linger, _time);
        try
        {
            while (batch.Count < max)
            {
                if (reader.TryRead(out var item))
                {
                    batch.Add(item);
                }
                else if (!await reader.WaitToReadAsync(linger.Token).ConfigureAwait(false))
                {
                    break; // disposed and drained
                }
            }
        }
        catch (OperationCanceledException) when (linger.IsCancellationRequested)
        {
            // the linger is over: send what we have
        }

        return batch;
    }

    private async Task SendAsync(List<PendingAward> batch)
    {
        await Task.Yield(); // the reader loop goes on filling the next batch
        _metrics.InFlight.Add(1);
        var remaining = batch;
        try
        {
            await _retry.ExecuteAsync(async token =>
            {
                _metrics.BatchSize.Record(remaining.Count);
                var answer = await _clients().PostAwardBatchAsync([.. remaining.Select(p => p.Award)], token).ConfigureAwait(false);
                (remaining, var code) = Complete(remaining, answer);
                if (remaining.Count > 0)
                {
                    throw new UnconfirmedItemsException(remaining.Count, code ?? "no outcome in the answer");
                }
            }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (CxmputeApiException e) when (!e.IsTransient)
        {
            foreach (var pending in remaining)
            {
                Fail(pending, e);
            }
        }
        catch (Exception e)
        {
            var problem = new CxmputeProblem(null, "Not confirmed", 0,
                $"No outcome was confirmed within {_options.RetryDeadline} ({e.GetType().Name}: {e.Message}). Publishing the award again with the same id is safe.",
                CxmputeErrorCodes.NotConfirmed, null);
            foreach (var pending in remaining)
            {
                Fail(pending, new CxmputeApiException(0, problem, innerException: e));
            }
        }
        finally
        {
            _metrics.InFlight.Add(-1);
            _inFlight.Release();
        }
    }

    /// <summary>Completes the items the answer settles; returns the ones to send again and the code that held them back.</summary>
    private (List<PendingAward> Again, string? Code) Complete(List<PendingAward> sent, AwardBatchResult answer)
    {
        var settled = new bool[sent.Count];
        var again = new List<PendingAward>();
        string? code = null;
        foreach (var item in answer.Results)
        {
            if (item.Index < 0 || item.Index >= sent.Count || settled[item.Index])
            {
                continue;
            }

            var pending = sent[item.Index];
            if (item is { Status: 200, Result: { } result })
            {
                settled[item.Index] = true;
                _metrics.Awards.Add(1, new KeyValuePair<string, object?>("outcome", "ok"));
                _metrics.Latency.Record(_time.GetElapsedTime(pending.QueuedAt).TotalMilliseconds);
                pending.Completion.TrySetResult(result);
                continue;
            }

            var problem = item.Error ?? new CxmputeProblem(null, null, item.Status, "The batch item had neither a result nor an error.", null, null);
            var error = new CxmputeApiException(item.Status, problem);
            if (!error.IsTransient)
            {
                settled[item.Index] = true;
                Fail(pending, error);
            }
            else
            {
                code ??= error.Code;
            }
        }

        for (var i = 0; i < sent.Count; i++)
        {
            if (!settled[i])
            {
                again.Add(sent[i]);
            }
        }

        return (again, code);
    }

    private void Fail(PendingAward pending, Exception error)
    {
        _metrics.Awards.Add(1, new KeyValuePair<string, object?>("outcome", "error"));
        _metrics.Latency.Record(_time.GetElapsedTime(pending.QueuedAt).TotalMilliseconds);
        pending.Completion.TrySetException(error);
    }
}
