namespace Cxmpute.Api.Tests.Infrastructure;

/// <summary>The tests that share one host (one silo): they run one after another, each on fresh account ids.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<CxmputeApiFactory>
{
    public const string Name = "api";
}
