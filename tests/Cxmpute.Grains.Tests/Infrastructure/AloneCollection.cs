namespace Cxmpute.Grains.Tests.Infrastructure;

/// <summary>
/// Tests that measure throughput run in this collection: xunit runs it after every parallel collection of the
/// assembly, and alone, so that no other test's silos or Azurite share the two cores during the measurement.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "alone";
}
