using System.Text.Json.Nodes;

namespace Cxmpute.Api.Tests.Infrastructure;

/// <summary>Award bodies to start from; tests change one member to make the case they test.</summary>
public static class Awards
{
    public static JsonObject UserChat(string? userId = null, int tokens = 1000) => new()
    {
        ["awardId"] = Ids.Award(),
        ["service"] = "chat",
        ["userId"] = userId ?? Ids.User(),
        ["tokens"] = tokens,
    };

    public static JsonObject ProviderChat(string providerId, string model = "Llama3-70B", int tokens = 1000, int? latencyMs = null)
    {
        var award = new JsonObject
        {
            ["awardId"] = Ids.Award(),
            ["service"] = "chat",
            ["providerId"] = providerId,
            ["model"] = model,
            ["tokens"] = tokens,
        };
        if (latencyMs is { } latency)
        {
            award["latencyMs"] = latency;
        }

        return award;
    }
}
