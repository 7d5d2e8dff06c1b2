namespace Cxmpute.Api.Security;

/// <summary>
/// Rate limiting of <c>/api</c> (section <c>Cxmpute:RateLimit</c>). The gateway key is limited per key only when
/// <see cref="Enabled"/> (off by default: the gateway is one key sending thousands of awards a second). End users are
/// limited per account (the token's <c>sub</c>) and callers without a valid credential per client address, whenever
/// <see cref="LimitUsers"/> (on by default).
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Cxmpute:RateLimit";

    /// <summary>Limit each gateway key.</summary>
    public bool Enabled { get; set; }

    /// <summary>Requests per second each key may make on average.</summary>
    public int PermitsPerSecond { get; set; } = 1000;

    /// <summary>How many requests a key may make at once above the average.</summary>
    public int Burst { get; set; } = 2000;

    /// <summary>Limit each end-user account and each client address without a valid credential.</summary>
    public bool LimitUsers { get; set; } = true;

    /// <summary>Requests per second one account (or one address without a credential) may make on average.</summary>
    public int UserPermitsPerSecond { get; set; } = 10;

    /// <summary>How many requests one account (or address) may make at once above the average.</summary>
    public int UserBurst { get; set; } = 50;

    public bool Any => Enabled || LimitUsers;
}
