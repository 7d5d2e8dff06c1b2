using Cxmpute.Dashboard.Tests.Browser;
using Cxmpute.Dashboard.Tests.Infrastructure;

namespace Cxmpute.Dashboard.Tests;

/// <summary>
/// With <c>Cxmpute:RequireKeyForReads</c>, the page asks for the key before showing anything, sends it with every read,
/// and follows the account with a fetch-read event stream (EventSource cannot send a header).
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class KeyForReadsPageTests(Chromium chromium)
{
    [Fact]
    public async Task The_page_asks_for_the_key_then_shows_the_account_live()
    {
        await using var host = new ConfiguredDashboardHost([new("Cxmpute:RequireKeyForReads", "true")]);
        await host.InitializeAsync();
        using var ledger = host.NewLedgerClient();
        ledger.Http.DefaultRequestHeaders.Add("X-Api-Key", DashboardHost.ApiKey);
        var user = await ledger.UserAsync("guarded");
        await ledger.AwardAsync(Awards.User(user));
        await using var page = await chromium.NewPageAsync();

        await page.GotoAsync(host.PageUrl(user));
        await page.WaitForAsync("document.getElementById('key-dialog').open", "the API key dialog");
        Assert.Contains("needs the API key to show account figures", await page.TextAsync("#key-reason"), StringComparison.Ordinal);
        await page.TypeAsync("#key-input", DashboardHost.ApiKey);
        await page.ClickAsync("#key-save");

        await DashboardAssert.ShowsStatsAsync(page, ledger, user);
        await page.WaitForAsync("document.body.dataset.live === 'on'", "the live stream");
        await ledger.AwardAsync(Awards.User(user, tokens: 4000));
        await DashboardAssert.ShowsStatsAsync(page, ledger, user);
        page.ClearErrors(); // the first, keyless reads were answered 401, as they should
    }
}
