namespace Cxmpute.Client.Tests.Infrastructure;

/// <summary>The tests that share one in-process host: each uses fresh account ids.</summary>
[CollectionDefinition(Name)]
public sealed class InProcessCollection : ICollectionFixture<InProcessApi>
{
    public const string Name = "in-process";
}
