using System.Diagnostics;
using Cxmpute.LoadTest.Population;
using Cxmpute.LoadTest.Targets;

namespace Cxmpute.LoadTest.Setup;

/// <summary>
/// Creates the population in the system under test: every provider registers its hardware, every root user that refers
/// someone is created, then the referral codes are applied level by level (a referrer exists before its referees apply).
/// A referral already applied by an earlier run (409 referrer_already_set) counts as done.
/// </summary>
internal sealed class PopulationSetup(ILedgerTarget target, LoadPopulation population, int concurrency, Action<string> log)
{
    public async Task<TimeSpan> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var spec = population.Spec;
        await ForAllAsync("providers registered", Enumerable.Range(0, spec.Providers),
            i => target.RegisterProviderAsync(population.ProviderId(i), population.ProviderVram[i], cancellationToken), cancellationToken);
        var users = population.UserForest;
        await ForAllAsync("referring root users created", Enumerable.Range(0, spec.Users).Where(i => users.Parent[i] < 0 && users.HasChildren[i]),
            i => target.EnsureUserAsync(population.UserId(i), cancellationToken), cancellationToken);
        var providers = population.ProviderForest;
        for (var depth = 1; depth <= spec.MaxDepth; depth++)
        {
            var level = depth;
            var userApplies = Enumerable.Range(0, spec.Users).Where(i => users.Depth[i] == level)
                .Select(i => (Id: population.UserId(i), Code: population.UserId(users.Parent[i])));
            var providerApplies = Enumerable.Range(0, spec.Providers).Where(i => providers.Depth[i] == level)
                .Select(i => (Id: population.ProviderId(i), Code: population.ProviderId(providers.Parent[i])));
            await ForAllAsync($"referrals at depth {depth} applied", userApplies.Concat(providerApplies), ApplyAsync, cancellationToken);
        }

        log($"population ready: {spec.Users:N0} users, {spec.Providers:N0} providers, {users.Referred + providers.Referred:N0} referrals in {clock.Elapsed.TotalSeconds:F1} s");
        return clock.Elapsed;

        async Task<int> ApplyAsync((string Id, string Code) apply)
        {
            var (status, code) = await target.ApplyReferralAsync(apply.Id, apply.Code, cancellationToken);
            return status == 409 && code == "referrer_already_set" ? Status.Ok : status;
        }
    }

    private async Task ForAllAsync<T>(string what, IEnumerable<T> items, Func<T, Task<int>> action, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var failures = 0;
        string? firstFailure = null;
        var count = 0;
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (item, ct) =>
        {
            Interlocked.Increment(ref count);
            for (var attempt = 1; ; attempt++)
            {
                var status = await action(item);
                if (status == Status.Ok)
                {
                    return;
                }

                if (!Status.IsRetryable(status) || attempt >= 20)
                {
                    Interlocked.Increment(ref failures);
                    Interlocked.CompareExchange(ref firstFailure, $"{item}: {Status.Name(status)}", null);
                    return;
                }

                await Task.Delay(Math.Min(2000, 50 * attempt), ct);
            }
        });
        if (failures > 0)
        {
            throw new InvalidOperationException($"{failures} of {count} failed while setting up ({what}); first: {firstFailure}");
        }

        log($"  {count,7:N0} {what} in {clock.Elapsed.TotalSeconds:F1} s");
    }
}
