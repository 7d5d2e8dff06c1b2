namespace Cxmpute.Api.Security;

/// <summary>Optional rate limiting of <c>/api</c> per API key (section <c>Cxmpute:RateLimit</c>); off by default.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Cxmpute:RateLimit";

    public bool Enabled { get; set; }

    /// <summary>Requests per second each key may make on average.</summary>
    public int PermitsPerSecond { get; set; } = 1000;

    /// <summary>How many requests a key may make at once above the average.</summary>
    public int Burst { get; set; } = 2000;
}
