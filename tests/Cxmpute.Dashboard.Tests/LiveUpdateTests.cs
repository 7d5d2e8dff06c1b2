using System.Diagnostics;
using Cxmpute.Dashboard.Tests.Browser;
using Cxmpute.Dashboard.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Cxmpute.Dashboard.Tests;

/// <summary>The page follows the account live (server-sent events), without a reload and without polling.</summary>
[Collection(DashboardCollection.Name)]
public sealed class LiveUpdateTests(DashboardHost host, Chromium chromium, ITestOutputHelper output)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task An_award_changes_the_page_without_a_reload()
    {
        using var ledger = host.NewLedgerClient();
        var user = await ledger.UserAsync("live");
        await ledger.AwardAsync(Awards.User(user));
        await using var page = await OpenLiveAsync(user);

        var clock = Stopwatch.StartNew();
        var award = await ledger.AwardAsync(Awards.User(user, tokens: 2500));
        var total = DashboardAssert.Raw(await ledger.StatsAsync(user), "totalEarnings");
        await page.WaitForAsync($"document.querySelector('[data-field=\"totalEarnings\"]').textContent === {BrowserPage.Js(total)}", "the new total", Within);
        output.WriteLine($"The page showed the award {clock.ElapsedMilliseconds} ms after the API acknowledged it.");

        Assert.Equal(42, await page.EvaluateAsync<int>("window.notReloaded"));
        var settled = await page.EvaluateAsync<int>("Number(document.body.dataset.refreshes)");
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(settled, await page.EvaluateAsync<int>("Number(document.body.dataset.refreshes)")); // no polling while nothing changes
        await DashboardAssert.ShowsStatsAsync(page, ledger, user);
        await DashboardAssert.LedgerAsync(page, await ledger.LedgerAsync(user, 10));
        Assert.Contains(award.GetProperty("awardId").GetString()!, await page.TextAsync("#ledger-table tbody tr"), StringComparison.Ordinal);
        DashboardAssert.NoErrors(page);
    }

    [Fact]
    public async Task A_credit_through_the_network_updates_the_referrers_page()
    {
        using var ledger = host.NewLedgerClient();
        var top = await ledger.ProviderAsync("top");
        var middle = await ledger.ProviderAsync("middle");
        var bottom = await ledger.ProviderAsync("bottom");
        await ledger.ReferOkAsync(middle, top);
        await ledger.ReferOkAsync(bottom, middle);
        await using var page = await OpenLiveAsync(top);
        Assert.Equal("0", await page.TextAsync("[data-field=\"referralRewardsByType.secondary\"]"));

        await ledger.AwardAsync(Awards.Provider(bottom));

        var secondary = DashboardAssert.Raw(await ledger.StatsAsync(top), "referralRewardsByType.secondary");
        Assert.NotEqual("0", secondary);
        await page.WaitForAsync($"document.querySelector('[data-field=\"referralRewardsByType.secondary\"]').textContent === {BrowserPage.Js(secondary)}",
            "the level-2 referral reward", Within);
        Assert.Equal(42, await page.EvaluateAsync<int>("window.notReloaded"));
        await DashboardAssert.ShowsStatsAsync(page, ledger, top);
        DashboardAssert.NoErrors(page);
    }

    [Fact]
    public async Task An_unknown_account_says_so_and_fills_in_when_it_first_earns()
    {
        using var ledger = host.NewLedgerClient();
        var user = Ids.User("newcomer");
        await using var page = await chromium.NewPageAsync();
        await page.GotoAsync(host.PageUrl(user));

        await page.WaitForAsync("document.body.dataset.state === 'unknown' && document.body.dataset.live === 'on'", "the unknown-account notice");
        Assert.Equal("No such account yet", await page.TextAsync("#notice-title"));
        Assert.Contains("first award", await page.TextAsync("#notice-hint"), StringComparison.Ordinal);
        Assert.False(await page.IsVisibleAsync("#dashboard"));
        await page.ScreenshotAsync("unknown-account");
        await page.EvaluateAsync("window.notReloaded = 42");

        await ledger.AwardAsync(Awards.User(user));

        await DashboardAssert.ShowsStatsAsync(page, ledger, user);
        Assert.False(await page.IsVisibleAsync("#notice"));
        Assert.Equal(42, await page.EvaluateAsync<int>("window.notReloaded"));
        page.ClearErrors(); // the 404s of the first reads are logged by the browser; they are the expected answer
    }

    private async Task<BrowserPage> OpenLiveAsync(string account)
    {
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(host.PageUrl(account));
        await page.WaitForAsync("document.body.dataset.state === 'ready' && document.body.dataset.live === 'on'", "the page and its live stream");
        await page.EvaluateAsync("window.notReloaded = 42");
        return page;
    }
}
