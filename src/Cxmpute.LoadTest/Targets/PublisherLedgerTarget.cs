using Cxmpute.Client;
using Cxmpute.LoadTest.Reconcile;

namespace Cxmpute.LoadTest.Targets;

/// <summary>
/// Mode <c>http-publisher</c>: each award goes through <see cref="AwardPublisher.PublishAsync"/>, one call per award from each
/// of the scenario's concurrent callers, as a gateway would send them; the publisher coalesces them into
/// <c>POST /api/awards/batch</c>. Setup and reconciliation go through the plain HTTP target.
/// </summary>
internal sealed class PublisherLedgerTarget : ILedgerTarget
{
    private readonly HttpLedgerTarget _http;
    private readonly AwardPublisher _publisher;

    public PublisherLedgerTarget(HttpLedgerTarget http, AwardPublisherOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _publisher = new AwardPublisher(new CxmputeClient(http.Client), options);
        Describe = $"AwardPublisher (linger {options.Linger.TotalMilliseconds:0.#} ms, batches of up to {options.MaxBatchSize}, {options.MaxBatchesInFlight} in flight) → POST /api/awards/batch at {http.Client.BaseAddress}";
    }

    public string Describe { get; }

    public Task<int> RegisterProviderAsync(string providerId, decimal vramGb, CancellationToken cancellationToken) =>
        _http.RegisterProviderAsync(providerId, vramGb, cancellationToken);

    public Task<int> EnsureUserAsync(string userId, CancellationToken cancellationToken) => _http.EnsureUserAsync(userId, cancellationToken);

    public Task<(int Status, string? Code)> ApplyReferralAsync(string accountId, string referralCode, CancellationToken cancellationToken) =>
        _http.ApplyReferralAsync(accountId, referralCode, cancellationToken);

    /// <summary>Publishes each award with a call of its own (the scenario's batch is 1: one award per caller per call).</summary>
    public async Task<int> SubmitAsync(ReadOnlyMemory<AwardWire> awards, Memory<int> statuses, CancellationToken cancellationToken)
    {
        var calls = new Task<int>[awards.Length];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = PublishAsync(awards.Span[i], cancellationToken);
        }

        var results = await Task.WhenAll(calls);
        results.CopyTo(statuses);
        return Status.Ok;
    }

    public Task<AccountTotals?> ReadTotalsAsync(string accountId, CancellationToken cancellationToken) => _http.ReadTotalsAsync(accountId, cancellationToken);

    public async ValueTask DisposeAsync() => await _publisher.DisposeAsync();

    private async Task<int> PublishAsync(AwardWire wire, CancellationToken cancellationToken)
    {
        var award = new Award(wire.AwardId, wire.Service)
        {
            UserId = wire.UserId,
            ProviderId = wire.ProviderId,
            Model = wire.Model,
            Tokens = wire.Tokens,
            LatencyMs = wire.LatencyMs,
        };
        try
        {
            await _publisher.PublishAsync(award, cancellationToken);
            return Status.Ok;
        }
        catch (CxmputeApiException e)
        {
            return e.Status == 0 ? Status.Timeout : e.Status; // not confirmed by the deadline: the driver sends it again
        }
        catch (HttpRequestException)
        {
            return Status.Transport;
        }
    }
}
