namespace Cxmpute.Api.Validation;

/// <summary>The services an award may name: the wire names, or the endpoint paths of the source document.</summary>
public static class ServiceNames
{
    public const string Chat = "chat";
    public const string Embeddings = "embeddings";
    public const string Tts = "tts";
    public const string Scrape = "scrape";

    private static readonly Dictionary<string, string> Canonical = new(StringComparer.OrdinalIgnoreCase)
    {
        [Chat] = Chat,
        ["/chat/completions"] = Chat,
        [Embeddings] = Embeddings,
        ["/embeddings"] = Embeddings,
        [Tts] = Tts,
        ["/tts"] = Tts,
        [Scrape] = Scrape,
        ["/scrape"] = Scrape,
    };

    /// <summary>Maps a name or endpoint path (case-insensitive) to its wire name.</summary>
    public static bool TryCanonicalize(string name, out string canonical) => Canonical.TryGetValue(name, out canonical!);
}
