using System.Text.Json;
using Cxmpute.Api.Tests.Infrastructure;

namespace Cxmpute.Api.Tests;

/// <summary>The audit trail through the API: newest first, paged with an opaque cursor, null on the last page.</summary>
[Collection(ApiCollection.Name)]
[Trait(Needs.Key, Needs.Grains)]
public sealed class HistoryApiTests(CxmputeApiFactory factory)
{
    private readonly LedgerApi _api = new(factory.NewClient());

    [Fact]
    public async Task Entries_have_the_contract_fields_newest_first()
    {
        var user = Ids.User();
        var first = Awards.UserChat(user, tokens: 0);
        var second = Awards.UserChat(user, tokens: 1000);
        await _api.AwardOkAsync(first);
        await _api.AwardOkAsync(second);

        var page = await _api.HistoryOkAsync(user);

        Assert.Equal(["entries", "cursor"], page.PropertyNames());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("cursor").ValueKind);
        var entries = page.GetProperty("entries");
        Assert.Equal(2, entries.GetArrayLength());
        Assert.Equal(["awardId", "kind", "amount", "sourceAccountId", "at", "scheduleVersion"], entries[0].PropertyNames());
        Assert.Equal(second["awardId"]!.GetValue<string>(), entries[0].GetProperty("awardId").GetString());
        Assert.Equal("usage", entries[0].GetProperty("kind").GetString());
        Assert.Equal(2m, entries[0].Decimal("amount"));
        Assert.Equal(user, entries[0].GetProperty("sourceAccountId").GetString());
        Assert.EndsWith("Z", entries[0].GetProperty("at").GetString(), StringComparison.Ordinal);
        Assert.Equal(first["awardId"]!.GetValue<string>(), entries[1].GetProperty("awardId").GetString());
    }

    [Fact]
    public async Task Pages_follow_the_cursor_to_the_end()
    {
        var user = Ids.User();
        for (var i = 0; i < 5; i++)
        {
            await _api.AwardOkAsync(Awards.UserChat(user, tokens: i));
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var query = "?limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var page = await _api.HistoryOkAsync(user, query);
            seen.AddRange(page.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("awardId").GetString()!));
            cursor = page.GetProperty("cursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(5, seen.Count);
        Assert.Equal(5, seen.Distinct().Count());
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task A_direct_bonus_appears_as_a_referral_entry()
    {
        var (parent, child) = (await _api.ProviderAsync(), await _api.ProviderAsync());
        await _api.ReferOkAsync(child, parent);

        var entry = (await _api.HistoryOkAsync(parent)).GetProperty("entries").EnumerateArray().Single();

        Assert.Equal($"referral:{child}", entry.GetProperty("awardId").GetString());
        Assert.Equal("direct", entry.GetProperty("kind").GetString());
        Assert.Equal(50m, entry.Decimal("amount"));
        Assert.Equal(child, entry.GetProperty("sourceAccountId").GetString());
    }
}
