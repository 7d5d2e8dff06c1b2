using System.Text.Json;
using Cxmpute.Api.Problems;

namespace Cxmpute.Api.Json;

/// <summary>A parsed request body (null when the body was empty) or the problem that refused it. Dispose the document.</summary>
public readonly record struct JsonBodyResult(JsonDocument? Document, ApiProblemResult? Problem)
{
    public JsonElement? Root => Document?.RootElement;
}
