namespace Cxmpute.Api.Security;

/// <summary>
/// API keys (section <c>Cxmpute</c>): <c>ApiKeys</c> (a list) and <c>ApiKey</c> (one key; the environment variable
/// <c>CXMPUTE_API_KEY</c> sets it). Writes always need a key; reads only when <c>RequireKeyForReads</c> is true.
/// </summary>
public sealed class ApiSecurityOptions
{
    public const string SectionName = "Cxmpute";

    /// <summary>The documented key of the development profile; the Production environment refuses to start with it.</summary>
    public const string DevelopmentKey = "dev-key-change-me";

    public const string HeaderName = "X-Api-Key";

    public List<string> ApiKeys { get; } = [];

    public string? ApiKey { get; set; }

    public bool RequireKeyForReads { get; set; }

    /// <summary>Every non-blank configured key.</summary>
    public IEnumerable<string> ConfiguredKeys() =>
        ApiKeys.Append(ApiKey).Where(key => !string.IsNullOrWhiteSpace(key)).Select(key => key!);
}
