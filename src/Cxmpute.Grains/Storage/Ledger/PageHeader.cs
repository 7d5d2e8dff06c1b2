using System.Text.Json.Serialization;

namespace Cxmpute.Grains.Storage.Ledger;

/// <summary>What a page in a segment says of itself: whose page it is, its number, and where the page before it is.</summary>
internal sealed class PageHeader
{
    [JsonPropertyName("a")] public required string AccountId { get; set; }

    [JsonPropertyName("i")] public int Index { get; set; }

    [JsonPropertyName("p")] public string? Previous { get; set; }
}
