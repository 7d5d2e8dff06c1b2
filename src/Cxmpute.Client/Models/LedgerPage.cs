namespace Cxmpute.Client;

/// <summary>A page of an account's ledger, newest first.</summary>
/// <param name="Entries">The entries of this page.</param>
/// <param name="Cursor">Pass it to get the next page; null on the last page.</param>
public sealed record LedgerPage(IReadOnlyList<LedgerEntry> Entries, string? Cursor);
