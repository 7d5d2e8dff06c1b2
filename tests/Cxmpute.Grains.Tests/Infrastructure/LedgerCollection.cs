namespace Cxmpute.Grains.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class LedgerCollection : ICollectionFixture<LedgerCluster>
{
    public const string Name = "ledger";
}
