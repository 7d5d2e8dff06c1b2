using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace Cxmpute.Client;

/// <summary>Registration of <see cref="CxmputeClient"/> and <see cref="AwardPublisher"/>.</summary>
public static class CxmputeClientServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> (for further configuration through <see cref="IHttpClientBuilder"/>).</summary>
    public const string HttpClientName = "Cxmpute";

    /// <summary>
    /// Registers <see cref="CxmputeClient"/> as a typed client of <see cref="IHttpClientFactory"/> with the standard resilience
    /// handler (retries with jittered exponential backoff honouring <c>Retry-After</c>, attempt and total timeouts, a circuit
    /// breaker), and <see cref="AwardPublisher"/> as a singleton that sends through it. Retrying is safe for every call: an award
    /// carries its id, a refused request changed nothing, and a <c>PUT</c> is idempotent (a referral applied twice answers
    /// <c>referrer_already_set</c> the second time).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets <see cref="CxmputeClientOptions.BaseAddress"/> and <see cref="CxmputeClientOptions.ApiKey"/>.</param>
    /// <param name="configureResilience">Adjusts the resilience handler beyond what <paramref name="configure"/> sets.</param>
    /// <returns>The builder of the underlying <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddCxmputeClient(
        this IServiceCollection services, Action<CxmputeClientOptions> configure, Action<HttpStandardResilienceOptions>? configureResilience = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<CxmputeClientOptions>().Configure(configure)
            .Validate(o => o.BaseAddress is { IsAbsoluteUri: true }, "CxmputeClientOptions.BaseAddress must be an absolute URI.")
            .Validate(o => o.AttemptTimeout > TimeSpan.Zero, "CxmputeClientOptions.AttemptTimeout must be positive.");
        services.AddMetrics();
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<CxmputeClientOptions>>().Value;

            // A fresh typed client per batch, so the factory's handler rotation applies; while the container is being disposed
            // (when the publisher flushes) it resolves nothing more, and the last client sends the rest.
            CxmputeClient? last = null;
            CxmputeClient Clients()
            {
                try
                {
                    return last = provider.GetRequiredService<CxmputeClient>();
                }
                catch (ObjectDisposedException) when (last is not null)
                {
                    return last;
                }
            }

            Clients();
            return new AwardPublisher(Clients, options.Publisher, provider.GetService<System.Diagnostics.Metrics.IMeterFactory>());
        });

        var builder = services.AddHttpClient<CxmputeClient>(HttpClientName, (provider, http) =>
        {
            var options = provider.GetRequiredService<IOptions<CxmputeClientOptions>>().Value;
            http.BaseAddress = options.BaseAddress;
            http.Timeout = Timeout.InfiniteTimeSpan; // the resilience handler's total timeout bounds each call
            if (!string.IsNullOrEmpty(options.ApiKey))
            {
                http.DefaultRequestHeaders.Add("X-Api-Key", options.ApiKey);
            }
        });
        builder.AddStandardResilienceHandler().Configure((HttpStandardResilienceOptions resilience, IServiceProvider provider) =>
        {
            var attempt = provider.GetRequiredService<IOptions<CxmputeClientOptions>>().Value.AttemptTimeout;
            resilience.AttemptTimeout.Timeout = attempt;
            resilience.TotalRequestTimeout.Timeout = attempt * 3;
            resilience.CircuitBreaker.SamplingDuration = attempt * 2;
            configureResilience?.Invoke(resilience);
        });
        return builder;
    }
}
