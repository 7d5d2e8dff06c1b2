namespace Cxmpute.Api.Responses;

/// <summary>One result per submitted award, in submission order.</summary>
public sealed record AwardBatchResponse(IReadOnlyList<AwardBatchItem> Results);
