using System.Text.Json;
using Cxmpute.Dashboard.Tests.Browser;

namespace Cxmpute.Dashboard.Tests.Infrastructure;

/// <summary>Compares what the page shows with what the API answers, text for text (amounts exactly as the API wrote them).</summary>
public static class DashboardAssert
{
    private static readonly string[] ProviderOnly = ["tier.", "performance."];

    /// <summary>Waits until the page shows the stats the API gives now (it may be catching up with a change), then compares everything.</summary>
    public static async Task ShowsStatsAsync(BrowserPage page, LedgerClient ledger, string account)
    {
        var stats = await ledger.StatsAsync(account);
        await page.WaitForAsync(
            $"document.body.dataset.state === 'ready' && document.querySelector('[data-field=\"lifetime.total\"]').textContent === {BrowserPage.Js(Raw(stats, "lifetime.total"))}",
            "the page to show the API's lifetime total");
        await FieldsAsync(page, stats, account.StartsWith("prov_", StringComparison.Ordinal));
        await HistoryAsync(page, stats);
    }

    public static async Task FieldsAsync(BrowserPage page, JsonElement stats, bool provider)
    {
        var shown = await page.EvaluateAsync<Dictionary<string, string>>(
            "Object.fromEntries([...document.querySelectorAll('[data-field]')].map(e => [e.dataset.field, e.textContent]))");
        Assert.True(shown.Count >= 20, $"only {shown.Count} fields on the page");
        foreach (var (path, text) in shown)
        {
            if (!provider && ProviderOnly.Any(prefix => path.StartsWith(prefix, StringComparison.Ordinal)))
            {
                continue; // the provider section is hidden for users
            }

            var apiPath = path == "own" ? (provider ? "totalComputeRewards" : "totalUsageRewards") : path;
            var raw = Raw(stats, apiPath);
            var expected = path switch
            {
                "trend.changePercent" => raw == "—" ? "—" : raw.StartsWith('-') ? $"▼ down {raw[1..]} %" : raw == "0" ? "■ level, 0 %" : $"▲ up {raw} %",
                "performance.averageLatencyMs" => raw == "—" ? "no latency reported" : raw + " ms",
                _ => raw,
            };
            Assert.True(expected == text, $"{path}: the page shows '{text}', the API says '{expected}'");
        }
    }

    public static async Task HistoryAsync(BrowserPage page, JsonElement stats)
    {
        var rows = await page.EvaluateAsync<string[][]>(
            "[...document.querySelectorAll('#history-table tbody tr')].map(r => [...r.cells].map(c => c.textContent))");
        var days = stats.GetProperty("history").EnumerateArray().ToArray();
        Assert.Equal(30, days.Length);
        Assert.Equal(days.Length, rows.Length);
        for (var i = 0; i < days.Length; i++)
        {
            string[] expected = [.. new[] { "day", "earned", "referral", "total", "newReferrals" }.Select(f => Raw(days[i], f))];
            Assert.Equal(expected, rows[i]);
        }
    }

    /// <summary>The rows of a two-column table (name, amount) against a map of the stats.</summary>
    public static async Task MapTableAsync(BrowserPage page, string tableId, JsonElement map)
    {
        var rows = await page.EvaluateAsync<string[][]>(
            $"[...document.querySelectorAll('#{tableId} tbody tr')].map(r => [...r.cells].map(c => c.textContent))");
        var expected = map.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText());
        Assert.NotEmpty(expected);
        Assert.Equal(expected, rows.ToDictionary(r => r[0], r => r[1]));
    }

    /// <summary>The ledger rows shown against a page of the API's history: amount and award id, newest first.</summary>
    public static async Task LedgerAsync(BrowserPage page, JsonElement ledgerPage)
    {
        var expected = ledgerPage.GetProperty("entries").EnumerateArray()
            .Select(e => $"{e.GetProperty("amount").GetRawText()} {e.GetProperty("awardId").GetString()}").ToArray();
        await page.WaitForAsync(
            $"JSON.stringify([...document.querySelectorAll('#ledger-table tbody tr')].map(r => r.cells[2].textContent + ' ' + r.cells[4].textContent)) === {BrowserPage.Js(JsonSerializer.Serialize(expected))}",
            "the ledger rows to match the API's page");
    }

    public static async Task NoSidewaysScrollingAsync(BrowserPage page)
    {
        var overflow = await page.EvaluateAsync<double>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"the page is {overflow} px wider than the {page.Width} px window");
    }

    public static void NoErrors(BrowserPage page) =>
        Assert.True(page.Errors.Count == 0, "the page logged errors: " + string.Join(" | ", page.Errors));

    /// <summary>The text of a JSON value as the page should show it: numbers as written, strings as they are, null as a dash.</summary>
    public static string Raw(JsonElement element, string path)
    {
        foreach (var name in path.Split('.'))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return "—";
            }
        }

        return element.ValueKind switch
        {
            JsonValueKind.Null => "—",
            JsonValueKind.String => element.GetString()!,
            _ => element.GetRawText(),
        };
    }
}
