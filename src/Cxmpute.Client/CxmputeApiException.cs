namespace Cxmpute.Client;

/// <summary>
/// An error answer of the Cxmpute API (or, from <see cref="AwardPublisher"/>, an award whose outcome could not be confirmed), with
/// the contract's machine-readable <see cref="Code"/>.
/// </summary>
public sealed class CxmputeApiException : Exception
{
    /// <summary>An error from a problem document.</summary>
    public CxmputeApiException(int status, CxmputeProblem problem, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(MessageOf(status, problem), innerException)
    {
        ArgumentNullException.ThrowIfNull(problem);
        Status = status;
        Problem = problem;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status (for an item of a batch: that item's status; 0 when no answer was received).</summary>
    public int Status { get; }

    /// <summary>One of <see cref="CxmputeErrorCodes"/> (or <c>http_{status}</c> when the answer was not a problem document).</summary>
    public string Code => Problem.Code ?? $"http_{Status}";

    /// <summary>The problem's <c>detail</c>.</summary>
    public string? Detail => Problem.Detail;

    /// <summary>For <c>validation_failed</c>: each bad field and its messages; otherwise empty.</summary>
    public IReadOnlyDictionary<string, string[]> Errors => Problem.Errors ?? new Dictionary<string, string[]>();

    /// <summary>The whole problem document.</summary>
    public CxmputeProblem Problem { get; }

    /// <summary>The <c>Retry-After</c> of a 429 or 503, when given.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// True when sending the same request again may succeed (503, 429, 408, 5xx, or no confirmed answer). For an award, retrying
    /// with the same award id is always safe.
    /// </summary>
    public bool IsTransient => Status is 0 or 408 or 429 or >= 500;

    private static string MessageOf(int status, CxmputeProblem problem) =>
        $"{status} {problem?.Code}: {problem?.Detail ?? problem?.Title}";
}
