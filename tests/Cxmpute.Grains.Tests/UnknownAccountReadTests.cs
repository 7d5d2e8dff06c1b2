using Cxmpute.Abstractions;
using Cxmpute.Grains.Accounts;
using Cxmpute.Grains.Storage;
using Cxmpute.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Metadata;
using Orleans.Runtime;

namespace Cxmpute.Grains.Tests;

/// <summary>
/// A read of an account never seen (a guessed or mistyped id) answers "no such account" without keeping an activation
/// or writing storage, so that reads of arbitrary ids cannot fill a silo's memory; a known account stays active.
/// </summary>
public sealed class UnknownAccountReadTests(LedgerCluster cluster) : IClassFixture<LedgerCluster>
{
    [Fact]
    public async Task A_read_of_an_unknown_account_answers_null_and_leaves_no_activation_nor_stored_state()
    {
        var unknown = Ids.User("never-seen");
        var known = Ids.User("known");
        await cluster.Grains.GetGrain<IAccountGrain>(known).EnsureUserAsync();

        Assert.Null(await cluster.Grains.GetGrain<IAccountGrain>(unknown).GetStatsAsync());
        Assert.Null(await cluster.Grains.GetGrain<IAccountGrain>(unknown).GetLedgerAsync(null, 10));

        var services = cluster.Cluster.Services();
        var accountType = services.GetRequiredService<GrainTypeResolver>().GetGrainType(typeof(AccountGrain));
        var management = cluster.Grains.GetGrain<IManagementGrain>(0);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        List<GrainId> active;
        do
        {
            await Task.Delay(100);
            active = await management.GetActiveGrains(accountType);
        }
        while (active.Contains(GrainId.Create(accountType, unknown)) && DateTime.UtcNow < deadline);

        Assert.DoesNotContain(GrainId.Create(accountType, unknown), active);
        Assert.Contains(GrainId.Create(accountType, known), active);
        Assert.Null(await services.GetRequiredService<IAccountStore>().ReadAsync(unknown));
    }
}
