using System.Text.Json.Serialization;

namespace Cxmpute.Api.Problems;

/// <summary>
/// An RFC 9457 problem document: <c>type</c>, <c>title</c>, <c>status</c>, <c>detail</c>, the contract's machine-readable
/// <c>code</c>, and for <c>400 validation_failed</c> the <c>errors</c> map of field → messages.
/// </summary>
public sealed record ApiProblem(
    string Type,
    string Title,
    int Status,
    string Detail,
    string Code,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Errors = null);
