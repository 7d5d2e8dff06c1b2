namespace Cxmpute.Client;

/// <summary>An RFC 9457 problem document as the API writes it, with the contract's machine-readable <see cref="Code"/>.</summary>
/// <param name="Type">The problem type URI.</param>
/// <param name="Title">A short summary.</param>
/// <param name="Status">The HTTP status.</param>
/// <param name="Detail">What went wrong in this case.</param>
/// <param name="Code">One of <see cref="CxmputeErrorCodes"/>.</param>
/// <param name="Errors">For <c>validation_failed</c>: each bad field and its messages.</param>
public sealed record CxmputeProblem(
    string? Type, string? Title, int Status, string? Detail, string? Code, IReadOnlyDictionary<string, string[]>? Errors);
