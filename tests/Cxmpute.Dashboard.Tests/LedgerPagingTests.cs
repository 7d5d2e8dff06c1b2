using Cxmpute.Dashboard.Tests.Browser;
using Cxmpute.Dashboard.Tests.Infrastructure;

namespace Cxmpute.Dashboard.Tests;

/// <summary>The ledger table pages through the audit trail with the API's cursor, ten entries at a time.</summary>
[Collection(DashboardCollection.Name)]
public sealed class LedgerPagingTests(DashboardHost host, Chromium chromium)
{
    [Fact]
    public async Task Older_newer_and_newest_follow_the_APIs_pages()
    {
        using var ledger = host.NewLedgerClient();
        var user = await ledger.UserAsync("pages");
        await ledger.BatchAsync(Enumerable.Range(0, 23).Select(i => Awards.User(user, 100 + i, daysAgo: i % 3)));
        var first = await ledger.LedgerAsync(user, 10);
        var second = await ledger.LedgerAsync(user, 10, first.GetProperty("cursor").GetString());
        var third = await ledger.LedgerAsync(user, 10, second.GetProperty("cursor").GetString());
        Assert.Equal(3, third.GetProperty("entries").GetArrayLength());
        await using var page = await chromium.NewPageAsync();
        await page.GotoAsync(host.PageUrl(user));
        await page.WaitForAsync("document.body.dataset.state === 'ready'", "the page");
        await DashboardAssert.LedgerAsync(page, first);
        Assert.True(await page.EvaluateAsync<bool>("document.getElementById('ledger-newer').disabled"));

        await page.ClickAsync("#ledger-older");
        await DashboardAssert.LedgerAsync(page, second);
        Assert.Equal("Page 2", await page.TextAsync("#ledger-page"));

        await page.ClickAsync("#ledger-older");
        await DashboardAssert.LedgerAsync(page, third);
        Assert.True(await page.EvaluateAsync<bool>("document.getElementById('ledger-older').disabled"));

        await page.ClickAsync("#ledger-newer");
        await DashboardAssert.LedgerAsync(page, second);

        await page.ClickAsync("#ledger-newest");
        await DashboardAssert.LedgerAsync(page, first);
        Assert.Equal("Page 1", await page.TextAsync("#ledger-page"));
        DashboardAssert.NoErrors(page);
    }
}
