namespace Cxmpute.Abstractions;

/// <summary>Either a result or an error, per award of a submission.</summary>
[GenerateSerializer, Immutable, Alias("cx.AwardOutcome")]
public sealed record AwardOutcome([property: Id(0)] AwardResult? Result, [property: Id(1)] LedgerError? Error)
{
    public static AwardOutcome Ok(AwardResult result) => new(result, null);

    public static AwardOutcome Fail(string code, string detail, string? field = null) => new(null, new LedgerError(code, detail, field));
}
