using System.IO.Compression;
using System.Text.Json.Nodes;
using Azure.Data.Tables;

namespace Cxmpute.Audit.Tests.Infrastructure;

/// <summary>Edits journal pages in table storage behind the ledger's back, to damage a deployment on purpose.</summary>
internal static class StoredJournal
{
    /// <summary>Finds the stored entry of an award and lets <paramref name="edit"/> change its JSON; writes the page back.</summary>
    public static async Task EditAwardAsync(TableClient table, string journalId, string awardId, Action<JsonObject> edit)
    {
        await foreach (var page in table.QueryAsync<TableEntity>(e => e.PartitionKey == journalId))
        {
            var entries = JsonNode.Parse(Unzip(Read(page)))!.AsArray();
            var entry = entries.OfType<JsonObject>().FirstOrDefault(e => (string?)e["award"]?["result"]?["awardId"] == awardId);
            if (entry is null)
            {
                continue;
            }

            edit(entry);
            Write(page, Zip(entries.ToJsonString()));
            await table.UpdateEntityAsync(page, page.ETag, TableUpdateMode.Replace);
            return;
        }

        throw new InvalidOperationException($"award {awardId} is not in journal {journalId}");
    }

    private static byte[] Read(TableEntity page)
    {
        using var buffer = new MemoryStream();
        for (var i = 0; i < page.GetInt32("Chunks"); i++)
        {
            buffer.Write(page.GetBinary($"D{i}"));
        }

        return buffer.ToArray();
    }

    private static void Write(TableEntity page, byte[] data)
    {
        const int chunk = 60 * 1024;
        var chunks = (data.Length + chunk - 1) / chunk;
        for (var i = 0; i < chunks; i++)
        {
            page[$"D{i}"] = data.AsSpan(i * chunk, Math.Min(chunk, data.Length - (i * chunk))).ToArray();
        }

        page["Chunks"] = chunks;
    }

    private static string Unzip(byte[] data)
    {
        using var gzip = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return reader.ReadToEnd();
    }

    private static byte[] Zip(string json)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(System.Text.Encoding.UTF8.GetBytes(json));
        }

        return buffer.ToArray();
    }
}
