using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Cxmpute.Grains.Accounts;
using Cxmpute.Grains.Journal;
using Cxmpute.Grains.Tests.Infrastructure;

namespace Cxmpute.Grains.Tests;

/// <summary>
/// Two hot-path shortcuts must change nothing but cost: grain references built from types resolved once, and snapshots
/// serialized through a reused writer.
/// </summary>
public sealed class GrainReferencesTests(LedgerCluster cluster) : IClassFixture<LedgerCluster>
{
    [Fact]
    public async Task A_reference_from_resolved_types_is_the_reference_GetGrain_gives_and_reaches_the_same_activation()
    {
        var ledger = new LedgerDriver(cluster.Grains);
        var user = Ids.User();
        var award = await ledger.AwardOkAsync(LedgerDriver.Chat(user, null));

        var fast = cluster.Grains.Grain<ILedgerAccountGrain>(user);
        var usual = cluster.Grains.GetGrain<ILedgerAccountGrain>(user);
        Assert.Equal(usual.GetGrainId(), fast.GetGrainId());
        Assert.Equal(((GrainReference)(object)usual).InterfaceType, ((GrainReference)(object)fast).InterfaceType);
        Assert.Equal(usual, fast);
        Assert.NotEqual(usual.GetGrainId(), cluster.Grains.Grain<ILedgerAccountGrain>(Ids.User()).GetGrainId());
        Assert.True((await fast.GetLinksAsync()).Exists);
        Assert.Equal(award.User!.Amount, (await ledger.StatsOkAsync(user)).Lifetime.Earned);

        for (var journal = 0L; journal < 3; journal++)
        {
            Assert.Equal(cluster.Grains.GetGrain<IAwardJournalGrain>(journal).GetGrainId(), cluster.Grains.Grain<IAwardJournalGrain>(journal).GetGrainId());
        }

        await cluster.Grains.Grain<IAwardJournalGrain>(1).PingAsync();
    }

    [Fact]
    public void Pack_writes_what_the_serializer_writes_gzipped_and_a_small_value_after_a_large_one_carries_nothing_over()
    {
        var large = new AccountState { Exists = true, OwnTotal = 0.009375m, Open = OpenLedgerPage.Of(Enumerable.Range(0, 500).Select(Record)) };
        var small = new AccountState { Exists = true, OwnTotal = 1.5m, Open = OpenLedgerPage.Of([Record(7)]) };

        foreach (var state in new[] { large, small, large })
        {
            var packed = LedgerJson.Pack(state, LedgerJson.Default.AccountState);
            Assert.Equal(JsonSerializer.Serialize(state, LedgerJson.Default.AccountState), Gunzip(packed));
            var back = LedgerJson.Unpack(packed, LedgerJson.Default.AccountState);
            Assert.Equal(state.OwnTotal, back.OwnTotal);
            Assert.Equal(state.Open.Count, back.Open.Count);
            Assert.Equal(state.Open.ToList()[^1].Amount, back.Open.ToList()[^1].Amount);
        }
    }

    private static LedgerRecord Record(int i) => new()
    {
        AwardId = "req-" + i,
        Kind = "own",
        Amount = 0.000001m * i,
        Source = "usr_x",
        At = LedgerCluster.Start.AddSeconds(i),
        ScheduleVersion = "v1",
    };

    private static string Gunzip(byte[] data)
    {
        using var gzip = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var text = new StreamReader(gzip, Encoding.UTF8);
        return text.ReadToEnd();
    }
}
