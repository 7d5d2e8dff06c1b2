using System.Text.Json;
using Cxmpute.Abstractions;
using Cxmpute.Grains.Journal;

namespace Cxmpute.Grains.Tests;

/// <summary>
/// The open journal page is stored as one gzip member per commit plus a closing member; it must read back, with the
/// same reader as pages written in one piece, as exactly the entries appended, in order.
/// </summary>
public sealed class JournalPageBufferTests
{
    [Fact]
    public void Pages_built_commit_by_commit_read_back_as_one_array_of_every_entry_in_order()
    {
        var buffer = new JournalPageBuffer();
        var written = new List<JournalEntry>();
        byte[] page = [];
        for (var commit = 1; commit <= 20; commit++)
        {
            var entries = Enumerable.Range(0, commit % 4 + 1).Select(i => Entry(commit, $"a{commit}-{i}", 0.009375m * commit)).ToList();
            page = buffer.Prepare(entries);

            // What Prepare returns is the page with these entries, before they are accepted...
            Assert.Equal(written.Concat(entries).Select(e => e.Award!.Result.AwardId), Read(page).Select(e => e.Award!.Result.AwardId));
            if (commit % 5 == 0)
            {
                buffer.Rebuild(written); // ...and after a write that failed, the buffer starts again from what was accepted.
                continue;
            }

            buffer.Accept(entries.Count);
            written.AddRange(entries);
            Assert.Equal(written.Count, buffer.Count);
        }

        var read = Read(buffer.Prepare([]));
        Assert.Equal(written.Select(e => (e.Seq, e.Award!.Result.AwardId, e.Award.Result.User!.Amount)),
            read.Select(e => (e.Seq, e.Award!.Result.AwardId, e.Award.Result.User!.Amount)));
        Assert.Equal(0.009375m * 19, read[^1].Award!.Result.User!.Amount); // decimals stay exact
    }

    [Fact]
    public void A_reset_buffer_starts_a_new_page()
    {
        var buffer = new JournalPageBuffer();
        buffer.Prepare([Entry(1, "x", 1m)]);
        buffer.Accept(1);
        buffer.Reset();
        var page = buffer.Prepare([Entry(2, "y", 2m)]);
        Assert.Equal(0, buffer.Count);
        Assert.Equal(["y"], Read(page).Select(e => e.Award!.Result.AwardId));
    }

    [Fact]
    public void A_page_appended_commit_by_commit_compresses_about_as_well_as_the_page_written_in_one_piece()
    {
        var buffer = new JournalPageBuffer();
        var all = new List<JournalEntry>();
        for (var commit = 0; commit < 16; commit++)
        {
            var entries = Enumerable.Range(0, 8).Select(i => Entry(commit, $"award-{commit}-{i}", 1.5m + i)).ToList();
            buffer.Prepare(entries);
            buffer.Accept(entries.Count);
            all.AddRange(entries);
        }

        var appended = buffer.Prepare([]);
        var whole = LedgerJson.Gzip(JsonSerializer.SerializeToUtf8Bytes(all, LedgerJson.Default.ListJournalEntry), JournalPageBuffer.Level);
        Assert.Equal(all.Count, Read(appended).Count);
        Assert.True(appended.Length < whole.Length + 16 * 8 + 64, $"appended {appended.Length} bytes, whole {whole.Length}");
    }

    private static List<JournalEntry> Read(byte[] page) => LedgerJson.Unpack(page, LedgerJson.Default.ListJournalEntry);

    private static JournalEntry Entry(long seq, string awardId, decimal amount) => new()
    {
        Seq = seq,
        At = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero),
        Award = new AwardRecord
        {
            Fingerprint = "f" + awardId,
            Service = "chat",
            Tokens = 100,
            Result = new AwardResult(awardId, false, new UserAwardView("usr_" + awardId, amount, []), null, "v1", DateTimeOffset.UnixEpoch),
        },
    };
}
