namespace Cxmpute.LoadTest.Tests;

/// <summary>
/// Test classes that start an in-process host and read its /metrics: the ledger's meters are process-wide, so two such
/// hosts running at once would count each other's awards. Classes in this collection run one after another.
/// </summary>
[CollectionDefinition(Name)]
public sealed class InProcessHostCollection
{
    public const string Name = "in-process hosts";
}
