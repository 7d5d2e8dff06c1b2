using Cxmpute.Dashboard.Tests.Browser;

namespace Cxmpute.Dashboard.Tests.Infrastructure;

/// <summary>The tests sharing one host and one Chromium: they run one after another, each on fresh accounts.</summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardHost>, ICollectionFixture<Chromium>
{
    public const string Name = "dashboard";
}
