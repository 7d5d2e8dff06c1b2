using Cxmpute.Abstractions;

namespace Cxmpute.Api.Responses;

/// <summary>One credit: <c>kind</c> is usage, compute, primary, secondary, tertiary or direct; <c>at</c> is UTC.</summary>
public sealed record LedgerEntryResponse(string AwardId, string Kind, decimal Amount, string SourceAccountId, DateTime At, string ScheduleVersion)
{
    public static LedgerEntryResponse From(LedgerEntryView entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(entry.AwardId, entry.Kind, entry.Amount, entry.SourceAccountId, entry.At.UtcDateTime, entry.ScheduleVersion);
    }
}
