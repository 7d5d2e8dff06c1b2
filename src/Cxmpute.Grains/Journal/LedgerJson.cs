using System.Buffers;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cxmpute.Grains.Accounts;

namespace Cxmpute.Grains.Journal;

/// <summary>Source-generated JSON for everything the ledger stores; decimals stay exact JSON numbers.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<JournalEntry>))]
[JsonSerializable(typeof(JournalEntry))]
[JsonSerializable(typeof(AccountState))]
[JsonSerializable(typeof(List<LedgerRecord>))]
internal sealed partial class LedgerJson : JsonSerializerContext
{
    private const int MaxRetainedBuffer = 1024 * 1024;

    // Per thread: Pack runs to completion without awaiting, so one buffer and writer per thread serve every call.
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_json;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    /// <summary>
    /// Serializes through a reused writer, which takes the source generator's fast path (serializing to a stream takes
    /// the resumable one, a fifth of a memory-storage silo's serialization time in push and pop of its write stack),
    /// then gzips the bytes.
    /// </summary>
    public static byte[] Pack<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        var json = t_json ??= new ArrayBufferWriter<byte>(16 * 1024);
        var writer = t_writer ??= new Utf8JsonWriter(json, new JsonWriterOptions { Encoder = Default.Options.Encoder, SkipValidation = true });
        json.ResetWrittenCount();
        writer.Reset(json);
        JsonSerializer.Serialize(writer, value, type);
        writer.Flush();

        using var buffer = new MemoryStream((json.WrittenCount / 4) + 64);
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(json.WrittenSpan);
        }

        if (json.Capacity > MaxRetainedBuffer)
        {
            t_json = null;
            t_writer = null;
        }

        return buffer.ToArray();
    }

    public static T Unpack<T>(byte[] data, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        using var gzip = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        return JsonSerializer.Deserialize(gzip, type) ?? throw new InvalidDataException($"stored {typeof(T).Name} is empty");
    }
}
