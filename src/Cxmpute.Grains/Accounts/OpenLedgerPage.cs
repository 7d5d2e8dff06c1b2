using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cxmpute.Grains.Journal;

namespace Cxmpute.Grains.Accounts;

/// <summary>
/// The ledger page an account is filling, held as the JSON it is stored as (one growing array of bytes) rather than
/// as one object per credit: an active account's open page otherwise kept up to 64 records alive, which the garbage
/// collector promoted and traced on every collection. A credit is serialized once, when it is added; the snapshot
/// writes the bytes as they are, and sealing the page gzips them. Stored as a JSON array of records, as before.
/// </summary>
[JsonConverter(typeof(OpenLedgerPageConverter))]
public sealed class OpenLedgerPage : IBufferWriter<byte>
{
    private const int FirstCapacity = 512;
    private const int LinearFrom = 4096;

    // Per thread: Add runs to completion without awaiting, so one writer per thread serves every page.
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    private byte[] _json = [];
    private int _length;

    public int Count { get; private set; }

    public static OpenLedgerPage Of(IEnumerable<LedgerRecord> records)
    {
        var page = new OpenLedgerPage();
        foreach (var record in records)
        {
            page.Add(record);
        }

        return page;
    }

    public void Add(LedgerRecord record)
    {
        GetSpan(1)[0] = Count == 0 ? (byte)'[' : (byte)',';
        Advance(1);
        var writer = t_writer ??= new Utf8JsonWriter(this, LedgerJson.WriterOptions);
        writer.Reset(this);
        JsonSerializer.Serialize(writer, record, LedgerJson.Default.LedgerRecord);
        writer.Flush();
        writer.Reset(Stream.Null); // hold no reference to this page from the thread
        Count++;
    }

    /// <summary>The page as a JSON array (valid until the next <see cref="Add"/>).</summary>
    public ReadOnlySpan<byte> Json()
    {
        if (Count == 0)
        {
            return "[]"u8;
        }

        GetSpan(1)[0] = (byte)']'; // written after the end, not counted: the next Add overwrites it
        return _json.AsSpan(0, _length + 1);
    }

    public List<LedgerRecord> ToList() => JsonSerializer.Deserialize(Json(), LedgerJson.Default.ListLedgerRecord) ?? [];

    /// <summary>The page's records, gzipped as a sealed page is stored; empties this page, keeping its buffer.</summary>
    public byte[] Seal()
    {
        var packed = LedgerJson.Gzip(Json());
        _length = 0;
        Count = 0;
        return packed;
    }

    public void Advance(int count) => _length += count;

    public Memory<byte> GetMemory(int sizeHint = 0) => Reserve(sizeHint).AsMemory(_length);

    public Span<byte> GetSpan(int sizeHint = 0) => Reserve(sizeHint).AsSpan(_length);

    private byte[] Reserve(int sizeHint)
    {
        var needed = _length + Math.Max(sizeHint, 1);
        if (needed > _json.Length)
        {
            // Doubling while small, then in steps: a full page (64 credits) is about 8 KB, and doubling all the way
            // would leave most of a 16 KB buffer unused in every busy account.
            var grown = _json.Length < LinearFrom ? Math.Max(FirstCapacity, _json.Length * 2) : _json.Length + LinearFrom / 2;
            Array.Resize(ref _json, Math.Max(needed, grown));
        }

        return _json;
    }
}

/// <summary>Writes an open page as the JSON array it holds; reads one back record by record.</summary>
internal sealed class OpenLedgerPageConverter : JsonConverter<OpenLedgerPage>
{
    public override OpenLedgerPage Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        OpenLedgerPage.Of(JsonSerializer.Deserialize(ref reader, LedgerJson.Default.ListLedgerRecord) ?? []);

    public override void Write(Utf8JsonWriter writer, OpenLedgerPage value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Json(), skipInputValidation: true);
}
