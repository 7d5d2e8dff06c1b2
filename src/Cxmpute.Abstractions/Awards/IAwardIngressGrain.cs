namespace Cxmpute.Abstractions;

/// <summary>
/// Entry point for awards: a stateless worker local to the caller's silo that routes each award to the journal
/// that owns its id and returns the outcomes in submission order.
/// </summary>
[Alias("cx.IAwardIngressGrain")]
public interface IAwardIngressGrain : IGrainWithIntegerKey
{
    [Alias("Submit")]
    Task<IReadOnlyList<AwardOutcome>> SubmitAsync(IReadOnlyList<AwardRequest> awards);
}
