using Cxmpute.Abstractions;

namespace Cxmpute.Api.Responses.Stats;

/// <summary>Requests and tokens of the last 30 days.</summary>
public sealed record ActivityResponse(long Requests, long Tokens)
{
    public static ActivityResponse From(ActivityView? view) => view is null ? new(0, 0) : new(view.Requests, view.Tokens);
}
