using System.Buffers;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cxmpute.Grains.Accounts;
using Cxmpute.Grains.Storage.Ledger;

namespace Cxmpute.Grains.Journal;

/// <summary>Source-generated JSON for everything the ledger stores; decimals stay exact JSON numbers.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<JournalEntry>))]
[JsonSerializable(typeof(JournalEntry))]
[JsonSerializable(typeof(AccountState))]
[JsonSerializable(typeof(List<LedgerRecord>))]
[JsonSerializable(typeof(LedgerRecord))]
[JsonSerializable(typeof(PageHeader))]
internal sealed partial class LedgerJson : JsonSerializerContext
{
    private const int MaxRetainedBuffer = 1024 * 1024;

    /// <summary>How the ledger writes JSON by hand (journal pages) and through <see cref="Pack"/>.</summary>
    public static JsonWriterOptions WriterOptions => new() { Encoder = Default.Options.Encoder, SkipValidation = true };

    // Per thread: Pack runs to completion without awaiting, so one buffer and writer per thread serve every call.
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_json;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    /// <summary>
    /// Serializes through a reused writer, which takes the source generator's fast path (serializing to a stream takes
    /// the resumable one, which spent more than half of its time in push and pop of its write stack), then gzips.
    /// </summary>
    public static byte[] Pack<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        var json = t_json ??= new ArrayBufferWriter<byte>(16 * 1024);
        var writer = t_writer ??= new Utf8JsonWriter(json, WriterOptions);
        json.ResetWrittenCount();
        writer.Reset(json);
        JsonSerializer.Serialize(writer, value, type);
        writer.Flush();
        var packed = Gzip(json.WrittenSpan);

        if (json.Capacity > MaxRetainedBuffer)
        {
            t_json = null;
            t_writer = null;
        }

        return packed;
    }

    /// <summary>
    /// One gzip member holding <paramref name="json"/>: account snapshots and sealed ledger pages, which live in the
    /// table service. <see cref="CompressionLevel.Optimal"/>, not <see cref="CompressionLevel.Fastest"/>: on a page of 64
    /// credits it writes about 40 % fewer bytes for about 15 % more time (tens of microseconds), and every byte stays in
    /// the table service, which Azurite holds in memory and saves whole every 5 s. Readers take any level.
    /// </summary>
    public static byte[] Gzip(ReadOnlySpan<byte> json, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var buffer = new MemoryStream((json.Length / 4) + 64);
        using (var gzip = new GZipStream(buffer, level, leaveOpen: true))
        {
            gzip.Write(json);
        }

        return buffer.ToArray();
    }

    public static T Unpack<T>(byte[] data, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        using var gzip = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        return JsonSerializer.Deserialize(gzip, type) ?? throw new InvalidDataException($"stored {typeof(T).Name} is empty");
    }
}
