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
    public static byte[] Pack<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            JsonSerializer.Serialize(gzip, value, type);
        }

        return buffer.ToArray();
    }

    public static T Unpack<T>(byte[] data, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        using var gzip = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        return JsonSerializer.Deserialize(gzip, type) ?? throw new InvalidDataException($"stored {typeof(T).Name} is empty");
    }
}
