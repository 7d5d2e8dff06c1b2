using Cxmpute.Rewards;

namespace Cxmpute.Rewards.Tests;

public sealed class WireNamesTests
{
    [Theory]
    [InlineData(Tier.TidePool, "tide-pool")]
    [InlineData(Tier.BlueSurge, "blue-surge")]
    [InlineData(Tier.OpenOcean, "open-ocean")]
    [InlineData(Tier.MarianaDepth, "mariana-depth")]
    public void Tier_wire_names_round_trip(Tier tier, string wire)
    {
        Assert.Equal(wire, tier.ToWire());
        Assert.True(WireNames.TryParseTier(wire, out var parsed));
        Assert.Equal(tier, parsed);
        Assert.True(WireNames.TryParseTier(wire.ToUpperInvariant(), out parsed));
        Assert.Equal(tier, parsed);
    }

    [Theory]
    [InlineData(ServiceKind.Chat, "chat", "/chat/completions")]
    [InlineData(ServiceKind.Embeddings, "embeddings", "/embeddings")]
    [InlineData(ServiceKind.Tts, "tts", "/tts")]
    [InlineData(ServiceKind.Scrape, "scrape", "/scrape")]
    public void Service_wire_names_and_endpoint_paths_parse(ServiceKind service, string wire, string path)
    {
        Assert.Equal(wire, service.ToWire());
        foreach (var text in new[] { wire, path, wire.ToUpperInvariant(), path.ToUpperInvariant() })
        {
            Assert.True(WireNames.TryParseService(text, out var parsed), text);
            Assert.Equal(service, parsed);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData(" chat")]
    [InlineData("completions")]
    [InlineData("chat/completions")]
    [InlineData("/chat")]
    [InlineData(null)]
    public void Unknown_service_names_are_refused(string? text) =>
        Assert.False(WireNames.TryParseService(text, out _));

    [Theory]
    [InlineData("")]
    [InlineData("tidepool")]
    [InlineData("TidePool")]
    [InlineData("mariana")]
    [InlineData(null)]
    public void Unknown_tier_names_are_refused(string? text) =>
        Assert.False(WireNames.TryParseTier(text, out _));

    [Fact]
    public void Tier_order_is_rank()
    {
        Assert.True(Tier.TidePool < Tier.BlueSurge);
        Assert.True(Tier.BlueSurge < Tier.OpenOcean);
        Assert.True(Tier.OpenOcean < Tier.MarianaDepth);
        Assert.Equal(3, (int)Tier.MarianaDepth);
    }

    [Fact]
    public void Undefined_values_have_no_wire_name()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ((Tier)9).ToWire());
        Assert.Throws<ArgumentOutOfRangeException>(() => ((ServiceKind)9).ToWire());
    }
}
