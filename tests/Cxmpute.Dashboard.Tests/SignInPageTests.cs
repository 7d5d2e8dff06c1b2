using Cxmpute.Api.Tests.Infrastructure;
using Cxmpute.Dashboard.Tests.Browser;
using Cxmpute.Dashboard.Tests.Infrastructure;

namespace Cxmpute.Dashboard.Tests;

/// <summary>
/// With public reads off (every environment but Development), the page signs in as the user: a link carrying the token
/// in its fragment, or a pasted token. It sends the token with every read, follows the account with a fetch-read event
/// stream (EventSource cannot send a header), never asks for the gateway key, refuses to show another account, and signs out.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class SignInPageTests(Chromium chromium) : IAsyncLifetime
{
    private readonly ConfiguredDashboardHost _host = new([new("Cxmpute:PublicReads", "false")]);

    [Fact]
    public async Task A_link_with_a_token_shows_the_own_account_live_and_leaves_no_token_in_the_address()
    {
        using var ledger = GatewayLedger();
        var user = await ledger.UserAsync("linked");
        await ledger.AwardAsync(Awards.User(user));
        await using var page = await chromium.NewPageAsync();

        await page.GotoAsync($"{_host.Origin}/#token={TestTokens.For(user)}");

        await DashboardAssert.ShowsStatsAsync(page, ledger, user);
        Assert.Equal(user, await page.TextAsync("#signed-in-account"));
        Assert.DoesNotContain("token", await page.EvaluateAsync<string>("location.href"), StringComparison.Ordinal);
        await page.WaitForAsync("document.body.dataset.live === 'on'", "the live stream");
        await ledger.AwardAsync(Awards.User(user, tokens: 4000));
        await DashboardAssert.ShowsStatsAsync(page, ledger, user);
        Assert.False(await page.EvaluateAsync<bool>("document.body.innerHTML.includes('API key')"));
        DashboardAssert.NoErrors(page);
    }

    [Fact]
    public async Task Without_a_token_the_page_asks_for_one_then_shows_the_account()
    {
        using var ledger = GatewayLedger();
        var user = await ledger.UserAsync("pasted");
        await ledger.AwardAsync(Awards.User(user));
        await using var page = await chromium.NewPageAsync();

        await page.GotoAsync(_host.PageUrl(user));
        await page.WaitForAsync("document.getElementById('token-dialog').open", "the sign-in dialog");
        Assert.Contains("only to its owner", await page.TextAsync("#token-reason"), StringComparison.Ordinal);
        await page.TypeAsync("#token-input", TestTokens.For(user));
        await page.ClickAsync("#token-save");

        await DashboardAssert.ShowsStatsAsync(page, ledger, user);
        await page.WaitForAsync("document.body.dataset.live === 'on'", "the live stream");
        page.ClearErrors(); // the first, tokenless reads were answered 401, as they should
    }

    [Fact]
    public async Task A_token_for_another_account_does_not_show_this_one()
    {
        using var ledger = GatewayLedger();
        var user = await ledger.UserAsync("private");
        var other = await ledger.UserAsync("curious");
        await using var page = await chromium.NewPageAsync();

        await page.GotoAsync($"{_host.PageUrl(user)}#token={TestTokens.For(other)}");

        await page.WaitForAsync("document.body.dataset.state === 'forbidden'", "the refusal");
        Assert.Contains($"signed in as {other}", await page.TextAsync("#notice-text"), StringComparison.Ordinal);
        Assert.True(await page.EvaluateAsync<bool>("document.getElementById('dashboard').hidden"));
        page.ClearErrors(); // the 403s
    }

    [Fact]
    public async Task Signing_out_forgets_the_token()
    {
        using var ledger = GatewayLedger();
        var user = await ledger.UserAsync("leaving");
        await using var page = await chromium.NewPageAsync();
        await page.GotoAsync($"{_host.PageUrl(user)}#token={TestTokens.For(user)}");
        await page.WaitForAsync("document.body.dataset.state === 'ready'", "the page");

        await page.ClickAsync("#sign-out");

        await page.WaitForAsync("document.getElementById('token-dialog').open", "the sign-in dialog after signing out");
        Assert.Null(await page.EvaluateAsync<string?>("sessionStorage.getItem('cxmpute.token')"));
        page.ClearErrors();
    }

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)_host).DisposeAsync();

    private LedgerClient GatewayLedger()
    {
        var ledger = _host.NewLedgerClient();
        ledger.Http.DefaultRequestHeaders.Add("X-Api-Key", DashboardHost.ApiKey);
        return ledger;
    }
}
