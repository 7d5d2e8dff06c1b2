namespace Cxmpute.Grains.Storage;

/// <summary>A sealed page of an account's audit trail, written with the account's snapshot.</summary>
public sealed record LedgerPageWrite(int Index, byte[] Data);
