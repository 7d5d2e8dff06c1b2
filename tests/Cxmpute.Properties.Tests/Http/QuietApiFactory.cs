using Cxmpute.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cxmpute.Properties.Tests.Http;

/// <summary>The API tests' host (combined role, in-memory ledger), logging warnings only: 10,000 requests would flood the output.</summary>
public sealed class QuietApiFactory : CxmputeApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Logging:LogLevel:Default", "Warning"),
        new("Logging:LogLevel:Polly", "Warning"),
        new("Logging:LogLevel:Microsoft.AspNetCore", "Warning"),
    ];

    protected override void ConfigureServices(IServiceCollection services) =>
        services.Configure<LoggerFilterOptions>(filters =>
        {
            filters.Rules.Clear();
            filters.MinLevel = LogLevel.Warning;
        });
}
