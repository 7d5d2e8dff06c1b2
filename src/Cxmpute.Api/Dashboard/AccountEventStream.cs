using System.Globalization;
using System.Text;
using Cxmpute.Abstractions;
using Cxmpute.Api.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cxmpute.Api.Dashboard;

/// <summary>
/// One account's changes as <c>text/event-stream</c>: subscribes an observer to the account grain, writes
/// <c>event: ready</c> once subscribed, <c>event: changed</c> on each (coalesced) notification and a comment line as a
/// heartbeat; renews the subscription every <see cref="DashboardOptions.Resubscribe"/>. Ends when the client goes away,
/// the host stops, or a renewal fails (the browser then reconnects and re-reads). The observer is unsubscribed and its
/// reference deleted when the stream ends.
/// </summary>
public sealed partial class AccountEventStream(string accountId) : IResult
{
    public const string ContentType = "text/event-stream";

    public string AccountId { get; } = accountId;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var services = httpContext.RequestServices;
        var gate = services.GetRequiredService<EventStreamGate>();
        if (!gate.TryEnter(AccountId))
        {
            await ApiProblems.Unavailable("Too many live event streams are open (in this process or on this account); retry later.").ExecuteAsync(httpContext);
            return;
        }

        try
        {
            await StreamAsync(httpContext, services);
        }
        finally
        {
            gate.Exit(AccountId);
        }
    }

    private async Task StreamAsync(HttpContext httpContext, IServiceProvider services)
    {
        var grains = services.GetRequiredService<IGrainFactory>();
        var options = services.GetRequiredService<IOptions<DashboardOptions>>().Value;
        var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var logger = services.GetRequiredService<ILogger<AccountEventStream>>();

        var observer = new AccountChangeObserver();
        var reference = grains.CreateObjectReference<IAccountObserver>(observer);
        var account = grains.GetGrain<IAccountGrain>(AccountId);
        try
        {
            // A failure here escapes before the response starts: the exception handler answers 503.
            await account.SubscribeAsync(reference);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, stopping);
            LogOpened(logger, AccountId);
            try
            {
                await PumpAsync(httpContext.Response, account, reference, observer, options, logger, stop.Token);
            }
            catch (Exception e) when (stop.IsCancellationRequested && e is OperationCanceledException or IOException)
            {
                // the client went away or the host is stopping
            }

            LogClosed(logger, AccountId);
        }
        finally
        {
            await UnsubscribeAsync(account, reference, logger);
            grains.DeleteObjectReference<IAccountObserver>(reference);
            GC.KeepAlive(observer); // the runtime holds the observer weakly: keep it alive until the reference is gone
        }
    }

    private async Task PumpAsync(
        HttpResponse response, IAccountGrain account, IAccountObserver reference, AccountChangeObserver observer,
        DashboardOptions options, ILogger logger, CancellationToken stop)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType + "; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var retry = ((long)options.ClientRetry.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        var data = $$"""{"accountId":"{{AccountId}}"}""";
        await WriteAsync(response, $"retry: {retry}\nevent: ready\ndata: {data}\n\n", stop);

        var time = TimeProvider.System;
        var heartbeatDue = time.GetUtcNow() + options.Heartbeat;
        var renewalDue = time.GetUtcNow() + options.Resubscribe;
        while (true)
        {
            var now = time.GetUtcNow();
            var wait = (heartbeatDue < renewalDue ? heartbeatDue : renewalDue) - now;
            if (await ChangedWithinAsync(observer, wait, stop) && observer.Changes.TryRead(out _))
            {
                await WriteAsync(response, $"event: changed\ndata: {data}\n\n", stop);
                heartbeatDue = time.GetUtcNow() + options.Heartbeat;
            }

            now = time.GetUtcNow();
            if (now >= renewalDue)
            {
                try
                {
                    await account.SubscribeAsync(reference);
                }
                catch (Exception e) when (TransientFailures.IsTransient(e))
                {
                    LogRenewalFailed(logger, AccountId, e);
                    return; // the browser reconnects after `retry` and re-reads what it missed
                }

                renewalDue = time.GetUtcNow() + options.Resubscribe;
            }

            if (now >= heartbeatDue)
            {
                await WriteAsync(response, ": heartbeat\n\n", stop);
                heartbeatDue = time.GetUtcNow() + options.Heartbeat;
            }
        }
    }

    /// <summary>True when a change is waiting (or arrives within <paramref name="wait"/>); false when the wait ran out.</summary>
    private static async Task<bool> ChangedWithinAsync(AccountChangeObserver observer, TimeSpan wait, CancellationToken stop)
    {
        if (observer.Changes.TryPeek(out _))
        {
            return true;
        }

        if (wait <= TimeSpan.Zero)
        {
            return false;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(wait);
        try
        {
            return await observer.Changes.WaitToReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken stop)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), stop);
        await response.Body.FlushAsync(stop);
    }

    private async Task UnsubscribeAsync(IAccountGrain account, IAccountObserver reference, ILogger logger)
    {
        try
        {
            await account.UnsubscribeAsync(reference).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (TransientFailures.IsTransient(e) || e is ObjectDisposedException or OperationCanceledException)
        {
            // the subscription expires on its own after a few minutes
            LogUnsubscribeFailed(logger, AccountId, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Event stream of {AccountId} opened")]
    private static partial void LogOpened(ILogger logger, string accountId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Event stream of {AccountId} closed")]
    private static partial void LogClosed(ILogger logger, string accountId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event stream of {AccountId}: renewing the subscription failed; ending the stream")]
    private static partial void LogRenewalFailed(ILogger logger, string accountId, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Event stream of {AccountId}: unsubscribing failed; the subscription will expire")]
    private static partial void LogUnsubscribeFailed(ILogger logger, string accountId, Exception exception);
}
