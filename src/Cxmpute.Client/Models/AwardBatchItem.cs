namespace Cxmpute.Client;

/// <summary>The outcome of one award of a batch: <see cref="Status"/> 200 with <see cref="Result"/>, or an error with <see cref="Error"/>.</summary>
/// <param name="Index">The award's position in the batch.</param>
/// <param name="Status">The HTTP status this award would have had on its own.</param>
/// <param name="Result">The credited award (status 200).</param>
/// <param name="Error">The problem (any other status).</param>
public sealed record AwardBatchItem(int Index, int Status, AwardResult? Result, CxmputeProblem? Error);
