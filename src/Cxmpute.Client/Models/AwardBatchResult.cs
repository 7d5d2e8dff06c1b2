namespace Cxmpute.Client;

/// <summary>The answer to <c>POST /api/awards/batch</c>: one item per submitted award, in submission order.</summary>
/// <param name="Results">The items; each succeeded or failed on its own.</param>
public sealed record AwardBatchResult(IReadOnlyList<AwardBatchItem> Results);
