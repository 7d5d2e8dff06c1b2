using Cxmpute.Abstractions;

namespace Cxmpute.Api.Responses;

/// <summary>A page of the audit trail, newest first; <c>cursor</c> is null on the last page.</summary>
public sealed record LedgerPageResponse(IReadOnlyList<LedgerEntryResponse> Entries, string? Cursor)
{
    public static LedgerPageResponse From(LedgerPageView page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new([.. page.Entries.Select(LedgerEntryResponse.From)], page.Cursor);
    }
}
