namespace Cxmpute.Api.Security;

/// <summary>Request body caps (section <c>Cxmpute:Api</c>).</summary>
public sealed class ApiLimitsOptions
{
    public const string SectionName = "Cxmpute:Api";

    /// <summary>The most awards one batch may carry (the contract's limit).</summary>
    public const int MaxBatchAwards = 1000;

    /// <summary>Cap of a single-object body (awards, registrations, referrals). Default 1 MiB.</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Cap of a batch body. Default 8 MiB.</summary>
    public long MaxBatchBodyBytes { get; set; } = 8 * 1024 * 1024;
}
