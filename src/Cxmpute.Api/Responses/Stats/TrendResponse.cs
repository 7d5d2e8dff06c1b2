using Cxmpute.Abstractions;

namespace Cxmpute.Api.Responses.Stats;

/// <summary>The last 7 days' total against the 7 before; <c>changePercent</c> is null when the earlier week is 0.</summary>
public sealed record TrendResponse(decimal Last7Days, decimal Previous7Days, decimal? ChangePercent)
{
    public static TrendResponse From(TrendView? view) =>
        view is null ? new(0m, 0m, null) : new(view.Last7Days, view.Previous7Days, view.ChangePercent);
}
