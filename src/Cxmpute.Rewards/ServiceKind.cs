namespace Cxmpute.Rewards;

/// <summary>A priced API service. Wire names: <c>chat</c>, <c>embeddings</c>, <c>tts</c>, <c>scrape</c> (see <see cref="WireNames"/>).</summary>
public enum ServiceKind
{
    /// <summary>Chat completions (<c>/chat/completions</c>).</summary>
    Chat,

    /// <summary>Embeddings (<c>/embeddings</c>).</summary>
    Embeddings,

    /// <summary>Text to speech (<c>/tts</c>).</summary>
    Tts,

    /// <summary>Web scraping (<c>/scrape</c>).</summary>
    Scrape,
}
