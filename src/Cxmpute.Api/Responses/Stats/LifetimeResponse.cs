using Cxmpute.Abstractions;

namespace Cxmpute.Api.Responses.Stats;

/// <summary>Totals since the account began.</summary>
public sealed record LifetimeResponse(decimal Earned, decimal Referral, decimal Total)
{
    public static LifetimeResponse From(LifetimeView? view) =>
        view is null ? new(0m, 0m, 0m) : new(view.Earned, view.Referral, view.Total);
}
