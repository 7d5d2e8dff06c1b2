using System.Text.Json.Serialization;
using Cxmpute.Api.Problems;

namespace Cxmpute.Api.Responses;

/// <summary>The outcome of one award of a batch: <c>status</c> 200 with <c>result</c>, or an error status with <c>error</c>.</summary>
public sealed record AwardBatchItem(
    int Index,
    int Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AwardResponse? Result,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ApiProblem? Error)
{
    public static AwardBatchItem Ok(int index, AwardResponse result) => new(index, 200, result, null);

    public static AwardBatchItem Failed(int index, ApiProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return new(index, problem.Status, null, problem);
    }
}
