using System.Text.Json.Nodes;

namespace Cxmpute.Dashboard.Tests.Infrastructure;

/// <summary>Award bodies: a user's chat request, or a provider serving a model; <c>daysAgo</c> dates it in the past.</summary>
public static class Awards
{
    public static JsonObject User(string userId, int tokens = 1000, int daysAgo = 0) => Dated(new JsonObject
    {
        ["awardId"] = Ids.Award(),
        ["service"] = "chat",
        ["userId"] = userId,
        ["tokens"] = tokens,
    }, daysAgo);

    public static JsonObject Provider(string providerId, string model = "Llama3-70B", int tokens = 1000, int? latencyMs = 1500, int daysAgo = 0)
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

        return Dated(award, daysAgo);
    }

    private static JsonObject Dated(JsonObject award, int daysAgo)
    {
        if (daysAgo > 0)
        {
            award["occurredAt"] = DateTimeOffset.UtcNow.AddDays(-daysAgo).AddMinutes(-5).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        }

        return award;
    }
}
