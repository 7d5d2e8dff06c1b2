namespace Cxmpute.Grains.Storage.Ledger;

/// <summary>A sealed page of an account's audit trail (gzipped JSON of its credits) and its number in the account's ledger.</summary>
public sealed record SealedPage(int Index, byte[] Data);
