using Cxmpute.Dashboard.Tests.Browser;
using Cxmpute.Dashboard.Tests.Infrastructure;

namespace Cxmpute.Dashboard.Tests;

/// <summary>The page in Chromium shows exactly what the API answers, on a desktop and at 375 px, with screenshots.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardPageTests(DashboardHost host, Chromium chromium)
{
    [Fact]
    public async Task A_provider_with_history_shows_the_APIs_figures_on_a_desktop_and_at_375_px()
    {
        using var ledger = host.NewLedgerClient();
        var bob = await Seed.ProviderWithHistoryAsync(ledger);
        await using var page = await chromium.NewPageAsync(1280, 900);

        await page.GotoAsync(host.PageUrl(bob));

        await DashboardAssert.ShowsStatsAsync(page, ledger, bob);
        var stats = await ledger.StatsAsync(bob);
        await DashboardAssert.MapTableAsync(page, "models-table", stats.GetProperty("earningsByModel"));
        await DashboardAssert.MapTableAsync(page, "tiers-table", stats.GetProperty("earningsByTier"));
        await DashboardAssert.LedgerAsync(page, await ledger.LedgerAsync(bob, 10));
        Assert.True(await page.IsVisibleAsync("#provider-section"));
        Assert.Equal("Compute earnings", await page.TextAsync("#own-label"));
        Assert.Equal(["1 · direct", "2", "1", "1"], [
            await page.TextAsync("#network-table tbody tr th"),
            DashboardAssert.Raw(stats, "directReferrals"), DashboardAssert.Raw(stats, "secondaryReferrals"), DashboardAssert.Raw(stats, "tertiaryReferrals")]);
        await page.WaitForAsync("document.body.dataset.live === 'on'", "live updates to connect");
        await page.ScreenshotAsync("provider-desktop");

        await page.SetViewportAsync(375, 812);
        await page.WaitForAsync("document.documentElement.clientWidth === 375", "the narrow layout");
        await DashboardAssert.NoSidewaysScrollingAsync(page);
        await DashboardAssert.FieldsAsync(page, stats, provider: true);
        await page.ScreenshotAsync("provider-375");
        // Chart.js redraws a frame after the resize; until then every canvas keeps its desktop width.
        // Put them back to it: a chart that has not caught up yet must not widen the page either.
        await page.EvaluateAsync<int>(
            "[...document.querySelectorAll('.chart-box canvas')].map(c => c.style.width = '1107px').length");
        await DashboardAssert.NoSidewaysScrollingAsync(page);
        DashboardAssert.NoErrors(page);
    }

    [Fact]
    public async Task A_user_shows_the_APIs_figures_at_375_px_without_sideways_scrolling()
    {
        using var ledger = host.NewLedgerClient();
        var ann = await Seed.UserWithHistoryAsync(ledger);
        await using var page = await chromium.NewPageAsync(375, 812);

        await page.GotoAsync(host.PageUrl(ann));

        await DashboardAssert.ShowsStatsAsync(page, ledger, ann);
        await DashboardAssert.LedgerAsync(page, await ledger.LedgerAsync(ann, 10));
        Assert.False(await page.IsVisibleAsync("#provider-section"));
        Assert.Equal("Usage points", await page.TextAsync("#own-label"));
        await DashboardAssert.NoSidewaysScrollingAsync(page);
        await page.ScreenshotAsync("user-375");

        await page.SetViewportAsync(1280, 900);
        await page.ScreenshotAsync("user-desktop");
        DashboardAssert.NoErrors(page);
    }

    [Fact]
    public async Task The_copy_button_puts_the_referral_code_on_the_clipboard()
    {
        using var ledger = host.NewLedgerClient();
        var user = await ledger.UserAsync("copy");
        await using var page = await chromium.NewPageAsync();
        await page.GrantClipboardAsync(host.Origin);
        await page.GotoAsync(host.PageUrl(user));
        await page.WaitForAsync("document.body.dataset.state === 'ready'", "the page");
        Assert.Equal(user, await page.TextAsync("#referral-code"));

        await page.ClickAsync("#copy-code");

        await page.WaitForAsync("document.getElementById('copy-status').textContent.startsWith('Copied')", "the copy confirmation");
        Assert.Equal(user, await page.EvaluateAsync<string>("navigator.clipboard.readText()"));
    }

    [Fact]
    public async Task Controls_are_labelled_and_the_figures_do_not_rely_on_colour()
    {
        using var ledger = host.NewLedgerClient();
        var bob = await ledger.ProviderAsync("a11y");
        await ledger.AwardAsync(Awards.Provider(bob));
        await using var page = await chromium.NewPageAsync();
        await page.GotoAsync(host.PageUrl(bob));
        await page.WaitForAsync("document.body.dataset.state === 'ready'", "the page");

        var unlabelled = await page.EvaluateAsync<string[]>(
            "[...document.querySelectorAll('input')].filter(i => !(i.labels && i.labels.length)).map(i => i.id)");
        var nameless = await page.EvaluateAsync<string[]>(
            "[...document.querySelectorAll('button')].filter(b => !b.textContent.trim()).map(b => b.outerHTML)");
        var canvases = await page.EvaluateAsync<string[]>(
            "[...document.querySelectorAll('canvas')].filter(c => c.getAttribute('role') !== 'img' || !c.getAttribute('aria-label')).map(c => c.id)");
        var headings = await page.EvaluateAsync<string[]>("[...document.querySelectorAll('h1, h2')].filter(h => h.getClientRects().length).map(h => h.textContent.trim())");

        Assert.Empty(unlabelled);
        Assert.Empty(nameless);
        Assert.Empty(canvases);
        Assert.Contains("Referral Codes", headings);
        Assert.Contains("Enter Referral Code", headings);
        Assert.Contains("Latest ledger entries", headings);
        Assert.Equal(1, await page.EvaluateAsync<int>("document.querySelectorAll('main').length"));
        Assert.True(await page.EvaluateAsync<bool>("!!document.querySelector('#updated[aria-live], #live[role=status]')"));
        // The two series of the chart differ by pattern and are named in words, not by colour alone.
        Assert.Equal(["Compute earnings (solid)", "Referral rewards (striped)"],
            await page.EvaluateAsync<string[]>("Chart.getChart('history-chart').data.datasets.map(d => d.label)"));
        Assert.True(await page.EvaluateAsync<bool>("Chart.getChart('history-chart').data.datasets[1].backgroundColor instanceof CanvasPattern"));
        DashboardAssert.NoErrors(page);
    }
}
