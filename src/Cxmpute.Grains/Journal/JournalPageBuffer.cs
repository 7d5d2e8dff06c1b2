using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text.Json;

namespace Cxmpute.Grains.Journal;

/// <summary>
/// The stored bytes of the open journal page, built by appending. A page is a gzip stream of one JSON array of
/// entries (what <see cref="LedgerJson.Unpack{T}"/> reads). Instead of serializing and compressing the whole page at
/// every commit, one deflate stream stays open for the page: a commit writes only its own entries (<c>[e1,e2</c> for
/// the first, <c>,e3</c> after) and sync-flushes, which ends the output on a byte boundary while keeping the
/// compression window, so the page compresses as well as if written in one piece. The stored page is then
/// <list type="bullet">
/// <item>a gzip member: header, the deflate output so far, an empty final block, the CRC-32 and length of the JSON so far;</item>
/// <item>a second, constant gzip member holding the closing <c>]</c> (RFC 1952 allows several members, and gzip readers,
/// <see cref="GZipStream"/> included, read them as one stream).</item>
/// </list>
/// A commit costs its own entries plus a copy of the compressed page. Not thread-safe: used on its journal grain's
/// scheduler.
/// </summary>
internal sealed class JournalPageBuffer : IDisposable
{
    /// <summary>Journal pages are on the award path: compressed at the fastest level (snapshots and ledger pages are not, <see cref="LedgerJson.Gzip"/>).</summary>
    internal const CompressionLevel Level = CompressionLevel.Fastest;

    // ID1 ID2 CM=deflate FLG=0 MTIME=0 XFL=0 OS=unknown
    private static readonly byte[] Header = [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff];

    // A final deflate block with fixed codes and no data (BFINAL=1, BTYPE=01, end-of-block).
    private static readonly byte[] FinalBlock = [0x03, 0x00];
    private static readonly byte[] Closing = LedgerJson.Gzip("]"u8);

    private readonly ArrayBufferWriter<byte> _json = new(16 * 1024);
    private readonly Utf8JsonWriter _writer;
    private readonly MemoryStream _compressed = new();
    private readonly Crc32 _crc = new();
    private DeflateStream _deflate;
    private long _jsonLength;
    private bool _prepared;

    public JournalPageBuffer()
    {
        _writer = new Utf8JsonWriter(_json, LedgerJson.WriterOptions);
        _deflate = NewDeflater();
    }

    /// <summary>Entries in the page so far (accepted ones).</summary>
    public int Count { get; private set; }

    /// <summary>Empties the buffer for a new page.</summary>
    public void Reset()
    {
        _deflate.Dispose();
        _compressed.SetLength(0);
        _deflate = NewDeflater();
        _crc.Reset();
        _jsonLength = 0;
        Count = 0;
        _prepared = false;
    }

    /// <summary>Starts the buffer over from the entries of a page (after loading it, or after a failed write).</summary>
    public void Rebuild(IReadOnlyList<JournalEntry> entries)
    {
        Reset();
        if (entries.Count > 0)
        {
            Prepare(entries);
            Accept(entries.Count);
        }
    }

    /// <summary>
    /// The page as it is to be stored with <paramref name="entries"/> appended. Call <see cref="Accept"/> once it is
    /// durably written, or <see cref="Rebuild"/> with the accepted entries if it is not.
    /// </summary>
    public byte[] Prepare(IReadOnlyList<JournalEntry> entries)
    {
        if (_prepared)
        {
            throw new InvalidOperationException("the previous page was neither accepted nor rebuilt");
        }

        _json.ResetWrittenCount();
        for (var i = 0; i < entries.Count; i++)
        {
            _json.Write(Count == 0 && i == 0 ? "["u8 : ","u8);
            _writer.Reset(_json);
            JsonSerializer.Serialize(_writer, entries[i], LedgerJson.Default.JournalEntry);
            _writer.Flush();
        }

        var json = _json.WrittenSpan;
        _deflate.Write(json);
        _deflate.Flush(); // sync flush: all input is in _compressed, ending on a byte boundary
        _crc.Append(json);
        _jsonLength += json.Length;
        _prepared = true;

        var deflated = _compressed.GetBuffer().AsSpan(0, (int)_compressed.Length);
        var page = new byte[Header.Length + deflated.Length + FinalBlock.Length + 8 + Closing.Length];
        var at = 0;
        Header.CopyTo(page, at);
        at += Header.Length;
        deflated.CopyTo(page.AsSpan(at));
        at += deflated.Length;
        FinalBlock.CopyTo(page, at);
        at += FinalBlock.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(at), _crc.GetCurrentHashAsUInt32());
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(at + 4), unchecked((uint)_jsonLength));
        Closing.CopyTo(page, at + 8);
        return page;
    }

    /// <summary>Takes the entries of the last <see cref="Prepare"/> into the page: its write succeeded.</summary>
    public void Accept(int entries)
    {
        if (!_prepared)
        {
            throw new InvalidOperationException("nothing was prepared");
        }

        _prepared = false;
        Count += entries;
    }

    public void Dispose() => _deflate.Dispose();

    private DeflateStream NewDeflater() => new(_compressed, Level, leaveOpen: true);
}
