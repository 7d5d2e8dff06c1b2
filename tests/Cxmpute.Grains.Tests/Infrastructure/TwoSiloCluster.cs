namespace Cxmpute.Grains.Tests.Infrastructure;

/// <summary>Two silos sharing storage, for killing one of them.</summary>
public sealed class TwoSiloCluster : LedgerCluster
{
    protected override short Silos => 2;
}
