namespace Cxmpute.Grains.Storage.Ledger;

/// <summary>
/// The sealed pages of every account's audit trail, in ledger segments: large write-once objects, each holding the pages
/// that many accounts sealed at about the same time (group commit), so that what grows with traffic costs few writes and
/// no row per page. Each page records where the account's page before it is: an account keeps only the location of its
/// newest sealed page, and its history is read by walking back from there.
/// </summary>
public interface ILedgerPageStore
{
    /// <summary>
    /// Durably writes an account's pages (in order) into a segment and returns each one's location. The first page's
    /// header points to <paramref name="previous"/>, each later one to the page before it. Awaits the segment's write,
    /// which carries the pages of every account appending meanwhile.
    /// </summary>
    Task<IReadOnlyList<PageLocation>> AppendAsync(string accountId, PageLocation? previous, IReadOnlyList<SealedPage> pages, CancellationToken cancellationToken = default);

    /// <summary>The page at <paramref name="location"/>, or null when no segment holds it.</summary>
    Task<StoredLedgerPage?> ReadAsync(PageLocation location, CancellationToken cancellationToken = default);
}
