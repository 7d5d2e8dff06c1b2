namespace Cxmpute.Api.Security;

/// <summary>
/// Gateway keys and public reads (section <c>Cxmpute</c>): <c>ApiKeys</c> (a list) and <c>ApiKey</c> (one key; the
/// environment variable <c>CXMPUTE_API_KEY</c> sets it). A key may do everything. <c>PublicReads</c> serves reads that
/// carry no credential at all; only the Development environment may turn it on.
/// </summary>
public sealed class ApiSecurityOptions
{
    public const string SectionName = "Cxmpute";

    /// <summary>The documented key of the development profile; every other environment refuses to start with it.</summary>
    public const string DevelopmentKey = "dev-key-change-me";

    /// <summary>The shortest key any environment but Development accepts.</summary>
    public const int MinimumKeyLength = 32;

    public const string HeaderName = "X-Api-Key";

    public const string KeysSetting = "Cxmpute:ApiKey (CXMPUTE_API_KEY) / Cxmpute:ApiKeys";

    public const string PublicReadsSetting = "Cxmpute:PublicReads";

    public List<string> ApiKeys { get; } = [];

    public string? ApiKey { get; set; }

    public bool PublicReads { get; set; }

    /// <summary>Every non-blank configured key.</summary>
    public IEnumerable<string> ConfiguredKeys() =>
        ApiKeys.Append(ApiKey).Where(key => !string.IsNullOrWhiteSpace(key)).Select(key => key!);
}
