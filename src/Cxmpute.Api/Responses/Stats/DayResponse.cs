using Cxmpute.Abstractions;

namespace Cxmpute.Api.Responses.Stats;

/// <summary>One UTC day of the 30-day history; <c>day</c> is written <c>yyyy-MM-dd</c>.</summary>
public sealed record DayResponse(DateOnly Day, decimal Earned, decimal Referral, decimal Total, long NewReferrals)
{
    /// <summary>The days oldest first, whatever order the grain gave them in.</summary>
    public static IReadOnlyList<DayResponse> From(IReadOnlyList<DayView>? days) =>
        days is null ? [] : [.. days.OrderBy(d => d.Day).Select(d => new DayResponse(d.Day, d.Earned, d.Referral, d.Total, d.NewReferrals))];
}
