namespace Cxmpute.Grains;

/// <summary>Names of the Orleans storage providers the ledger uses.</summary>
public static class LedgerStorage
{
    /// <summary>Grain storage for the journals' checkpoints (a handful of small rows).</summary>
    public const string Checkpoints = "ledger";
}
