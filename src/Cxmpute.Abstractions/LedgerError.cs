namespace Cxmpute.Abstractions;

/// <summary>A business error returned by a grain instead of an exception; <see cref="Code"/> is one of <see cref="ErrorCodes"/>.</summary>
[GenerateSerializer, Immutable, Alias("cx.LedgerError")]
public sealed record LedgerError([property: Id(0)] string Code, [property: Id(1)] string Detail, [property: Id(2)] string? Field = null);
