using Cxmpute.Abstractions;
using Cxmpute.LoadTest.Reconcile;

namespace Cxmpute.LoadTest.Targets;

/// <summary>Straight through an Orleans client (or an in-process silo): <c>IAwardIngressGrain.SubmitAsync</c> with one award or a batch.</summary>
internal sealed class OrleansLedgerTarget(IGrainFactory grains, string describe, IAsyncDisposable? owner = null) : ILedgerTarget
{
    // One reference for every call: GetGrain resolves the interface type by reflection each time, which the in-process
    // memory-storage run would otherwise count against the ledger.
    private readonly IAwardIngressGrain _ingress = grains.GetGrain<IAwardIngressGrain>(0);

    public string Describe => describe;

    public async Task<int> RegisterProviderAsync(string providerId, decimal vramGb, CancellationToken cancellationToken) =>
        await CallAsync(async () =>
        {
            await grains.GetGrain<IAccountGrain>(providerId).RegisterProviderAsync(vramGb);
            return Status.Ok;
        });

    public async Task<int> EnsureUserAsync(string userId, CancellationToken cancellationToken) =>
        await CallAsync(async () =>
        {
            await grains.GetGrain<IAccountGrain>(userId).EnsureUserAsync();
            return Status.Ok;
        });

    public async Task<(int Status, string? Code)> ApplyReferralAsync(string accountId, string referralCode, CancellationToken cancellationToken)
    {
        string? code = null;
        var status = await CallAsync(async () =>
        {
            var outcome = await grains.GetGrain<IReferralGrain>(IReferralGrain.KeyFor(accountId)).ApplyAsync(accountId, referralCode);
            code = outcome.Error?.Code;
            return code is null ? Status.Ok : Status.OfLedgerCode(code);
        });
        return (status, code);
    }

    public async Task<int> SubmitAsync(ReadOnlyMemory<AwardWire> awards, Memory<int> statuses, CancellationToken cancellationToken)
    {
        var requests = new AwardRequest[awards.Length];
        for (var i = 0; i < requests.Length; i++)
        {
            requests[i] = awards.Span[i].ToRequest();
        }

        IReadOnlyList<AwardOutcome> outcomes;
        try
        {
            outcomes = await _ingress.SubmitAsync(requests);
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException or OperationCanceledException)
        {
            statuses.Span.Fill(Status.Cluster);
            return Status.Cluster;
        }

        for (var i = 0; i < outcomes.Count; i++)
        {
            statuses.Span[i] = outcomes[i].Error is { } error ? Status.OfLedgerCode(error.Code) : Status.Ok;
        }

        return Status.Ok;
    }

    public async Task<AccountTotals?> ReadTotalsAsync(string accountId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var stats = await grains.GetGrain<IAccountGrain>(accountId).GetStatsAsync();
                return stats is null ? null : new AccountTotals(stats.Lifetime.Earned, stats.Lifetime.Referral, stats.Lifetime.Total);
            }
            catch (Exception ex) when ((ex is TimeoutException or OrleansException) && attempt < 10)
            {
                await Task.Delay(100 * attempt, cancellationToken);
            }
        }
    }

    public ValueTask DisposeAsync() => owner?.DisposeAsync() ?? ValueTask.CompletedTask;

    private static async Task<int> CallAsync(Func<Task<int>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            return Status.Cluster;
        }
    }
}
