using Azure.Data.Tables;

namespace Cxmpute.Grains.Storage;

/// <summary>
/// Spreads a payload over binary columns D0..Dn of a table entity: Azure Table storage caps one binary property at
/// 64 KiB and a whole entity at 1 MiB.
/// </summary>
internal static class BinaryColumns
{
    private const int ChunkSize = 60 * 1024;
    private const int MaxChunks = 15;

    public static void Write(TableEntity entity, byte[] data)
    {
        var chunks = (data.Length + ChunkSize - 1) / ChunkSize;
        if (chunks > MaxChunks)
        {
            throw new InvalidOperationException($"payload of {data.Length} bytes does not fit one table entity");
        }

        for (var i = 0; i < chunks; i++)
        {
            var length = Math.Min(ChunkSize, data.Length - (i * ChunkSize));
            entity[$"D{i}"] = data.AsSpan(i * ChunkSize, length).ToArray();
        }

        entity["Chunks"] = chunks;
    }

    public static byte[] Read(TableEntity entity)
    {
        var chunks = entity.GetInt32("Chunks") ?? 0;
        using var buffer = new MemoryStream();
        for (var i = 0; i < chunks; i++)
        {
            var part = entity.GetBinary($"D{i}") ?? throw new InvalidDataException($"entity {entity.PartitionKey}/{entity.RowKey} lacks column D{i}");
            buffer.Write(part);
        }

        return buffer.ToArray();
    }
}
