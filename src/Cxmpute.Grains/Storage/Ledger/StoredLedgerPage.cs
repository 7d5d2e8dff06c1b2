namespace Cxmpute.Grains.Storage.Ledger;

/// <summary>A sealed page read back from a segment, with its header: whose page it is, its number, and where the page before it is.</summary>
public sealed record StoredLedgerPage(string AccountId, int Index, PageLocation? Previous, byte[] Data);
