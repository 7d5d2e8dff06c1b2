using Microsoft.Extensions.DependencyInjection;

namespace Cxmpute.Api.Tests.Infrastructure;

/// <summary>A host of its own with extra settings, environment, key or services, for the tests that need a differently configured host.</summary>
public sealed class ConfiguredApiFactory(
    IEnumerable<KeyValuePair<string, string>>? settings = null,
    string environment = "Development",
    string? key = CxmputeApiFactory.ApiKey,
    Action<IServiceCollection>? services = null) : CxmputeApiFactory
{
    protected override string Environment => environment;

    protected override string? ConfiguredKey => key;

    protected override IEnumerable<KeyValuePair<string, string>> Settings => settings ?? [];

    protected override void ConfigureServices(IServiceCollection collection) => services?.Invoke(collection);
}
