using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Cxmpute.Grains.Accounts;
using Cxmpute.Grains.Journal;

namespace Cxmpute.Grains.Tests;

/// <summary>
/// An account's open ledger page is held as the JSON it is stored as. Snapshots and sealed pages must stay what they
/// were when the page was a list of records: old snapshots read back, and every amount stays exact.
/// </summary>
public sealed class OpenLedgerPageTests
{
    [Fact]
    public void A_page_is_stored_exactly_as_the_list_of_its_records_was()
    {
        var records = Enumerable.Range(0, 64).Select(Record).ToList();
        var page = new OpenLedgerPage();
        Assert.Equal("[]", Encoding.UTF8.GetString(page.Json()));
        for (var i = 0; i < records.Count; i++)
        {
            page.Add(records[i]);
            Assert.Equal(i + 1, page.Count);
            Assert.Equal(JsonSerializer.Serialize(records.Take(i + 1).ToList(), LedgerJson.Default.ListLedgerRecord), Encoding.UTF8.GetString(page.Json()));
        }

        var state = new AccountState { Exists = true, Open = page };
        var asList = JsonSerializer.Serialize(state, LedgerJson.Default.AccountState);
        Assert.Contains("\"open\":" + JsonSerializer.Serialize(records, LedgerJson.Default.ListLedgerRecord) + ",", asList, StringComparison.Ordinal);
    }

    [Fact]
    public void A_snapshot_round_trips_every_record_exactly_and_a_snapshot_written_from_a_list_reads_back()
    {
        var records = Enumerable.Range(1, 40).Select(Record).ToList();
        var state = new AccountState { Exists = true, OwnTotal = 0.009375m, Open = OpenLedgerPage.Of(records) };

        var back = LedgerJson.Unpack(LedgerJson.Pack(state, LedgerJson.Default.AccountState), LedgerJson.Default.AccountState);
        AssertSame(records, back.Open.ToList());
        Assert.Equal(0.009375m, back.OwnTotal);

        // A snapshot as the list-based page wrote it (an older silo's row).
        var old = $$"""{"format":1,"exists":true,"open":{{JsonSerializer.Serialize(records, LedgerJson.Default.ListLedgerRecord)}},"sealed":3,"pageSize":64}""";
        var read = JsonSerializer.Deserialize(old, LedgerJson.Default.AccountState)!;
        Assert.Equal(40, read.Open.Count);
        Assert.Equal(3, read.Sealed);
        AssertSame(records, read.Open.ToList());

        // Appending to a page read back continues its array.
        read.Open.Add(Record(41));
        AssertSame([.. records, Record(41)], read.Open.ToList());
    }

    [Fact]
    public void Sealing_gzips_the_records_as_a_sealed_page_and_starts_an_empty_page()
    {
        var page = new OpenLedgerPage();
        var first = Enumerable.Range(0, 64).Select(Record).ToList();
        foreach (var record in first)
        {
            page.Add(record);
        }

        _ = page.Json(); // reading the page in between changes nothing
        var sealedPage = page.Seal();
        Assert.Equal(JsonSerializer.Serialize(first, LedgerJson.Default.ListLedgerRecord), Gunzip(sealedPage));
        AssertSame(first, LedgerJson.Unpack(sealedPage, LedgerJson.Default.ListLedgerRecord));
        Assert.Equal(0, page.Count);
        Assert.Empty(page.ToList());

        page.Add(Record(100));
        AssertSame([Record(100)], page.ToList());
    }

    [Fact]
    public void Sealed_pages_are_compressed_harder_than_the_fastest_level_and_pages_written_at_that_level_still_read()
    {
        var random = new Random(5);
        var records = Enumerable.Range(0, 64).Select(i => new LedgerRecord
        {
            AwardId = $"gw-{random.Next(0, 2_000_000):D9}",
            Kind = i % 3 == 0 ? "compute" : "referral-" + ((i % 3) + 1),
            Amount = decimal.Round((decimal)random.NextDouble() * 0.05m, 10),
            Source = "usr_" + random.Next(0, 100_000),
            At = new DateTimeOffset(2026, 11, 28, 18, 0, 0, TimeSpan.Zero).AddMilliseconds(i * random.Next(1, 20_000)),
            ScheduleVersion = "2026-11-01",
        }).ToList();
        var page = OpenLedgerPage.Of(records);
        var json = page.Json().ToArray();
        var fastest = LedgerJson.Gzip(json, CompressionLevel.Fastest);

        var sealedPage = page.Seal();

        // Every stored byte stays in the table service (docs/architecture.md, storage layout).
        Assert.True(sealedPage.Length < fastest.Length * 0.8, $"sealed page {sealedPage.Length} bytes, at the fastest level {fastest.Length}");
        AssertSame(records, LedgerJson.Unpack(sealedPage, LedgerJson.Default.ListLedgerRecord));
        AssertSame(records, LedgerJson.Unpack(fastest, LedgerJson.Default.ListLedgerRecord)); // rows an older silo wrote
    }

    private static void AssertSame(IReadOnlyList<LedgerRecord> expected, IReadOnlyList<LedgerRecord> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].AwardId, actual[i].AwardId);
            Assert.Equal(expected[i].Kind, actual[i].Kind);
            Assert.Equal(expected[i].Amount, actual[i].Amount);
            Assert.Equal(expected[i].Amount.Scale, actual[i].Amount.Scale);
            Assert.Equal(expected[i].Source, actual[i].Source);
            Assert.Equal(expected[i].At, actual[i].At);
            Assert.Equal(expected[i].ScheduleVersion, actual[i].ScheduleVersion);
        }
    }

    private static LedgerRecord Record(int i) => new()
    {
        AwardId = $"req-{i}-\u00e9\"",
        Kind = i % 2 == 0 ? "usage" : "primary",
        Amount = 0.375m * 0.025m * i,
        Source = "usr_" + i,
        At = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(i),
        ScheduleVersion = "v1",
    };

    private static string Gunzip(byte[] data)
    {
        using var gzip = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var text = new StreamReader(gzip, Encoding.UTF8);
        return text.ReadToEnd();
    }
}
