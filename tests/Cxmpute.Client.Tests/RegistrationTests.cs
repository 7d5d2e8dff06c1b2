using Cxmpute.Client.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cxmpute.Client.Tests;

/// <summary><c>services.AddCxmputeClient(...)</c>: the typed client and the publisher from the container, over the real host.</summary>
[Collection(InProcessCollection.Name)]
public sealed class RegistrationTests(InProcessApi api)
{
    [Fact]
    public async Task The_container_gives_a_client_that_sends_the_key_and_a_publisher_that_flushes_when_the_container_is_disposed()
    {
        var services = new ServiceCollection();
        services.AddCxmputeClient(o =>
            {
                o.BaseAddress = api.Server.BaseAddress;
                o.ApiKey = InProcessApi.ApiKey;
                o.Publisher.Linger = TimeSpan.FromSeconds(30);
            })
            .ConfigurePrimaryHttpMessageHandler(() => api.Server.CreateHandler());
        var user = Ids.User();
        Task<AwardResult> published;
        await using (var provider = services.BuildServiceProvider())
        {
            var client = provider.GetRequiredService<CxmputeClient>();
            Assert.Equal(user, (await client.RegisterUserAsync(user)).UserId); // a write: the key was sent
            published = provider.GetRequiredService<AwardPublisher>().PublishAsync(new Award(Ids.Award(), "chat") { UserId = user, Tokens = 7 });
            Assert.Same(provider.GetRequiredService<AwardPublisher>(), provider.GetRequiredService<AwardPublisher>());
        }

        Assert.True(published.IsCompletedSuccessfully, published.Exception?.ToString());
        Assert.Single((await api.NewClient().GetUserRewardsAsync(user)).Entries);
    }

    [Fact]
    public void A_missing_base_address_is_refused_when_the_client_is_resolved()
    {
        var services = new ServiceCollection();
        services.AddCxmputeClient(o => o.ApiKey = "k");
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<CxmputeClient>());
        Assert.Contains("BaseAddress", error.Message, StringComparison.Ordinal);
    }
}
