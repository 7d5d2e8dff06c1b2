using Cxmpute.Dashboard.Tests.Browser;
using Cxmpute.Api.Tests.Infrastructure;
using Cxmpute.Dashboard.Tests.Infrastructure;

namespace Cxmpute.Dashboard.Tests;

/// <summary>
/// "Enter Referral Code": the page asks the user to sign in (their access token, never the gateway key) once, applies the
/// code with that token, and explains each refusal in words.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class ReferralFormTests(DashboardHost host, Chromium chromium)
{
    [Fact]
    public async Task Applying_a_code_asks_for_the_token_once_then_shows_the_referrer_instead_of_the_form()
    {
        using var ledger = host.NewLedgerClient();
        var parent = await ledger.UserAsync("parent");
        var child = await ledger.UserAsync("child");
        await using var page = await OpenAsync(child);
        Assert.True(await page.IsVisibleAsync("#referral-form"));
        Assert.False(await page.IsVisibleAsync("#referred-by"));

        await page.TypeAsync("#referral-input", parent);
        await page.ClickAsync("#referral-submit");
        var token = TestTokens.For(child);
        await EnterTokenAsync(page, token);

        await page.WaitForAsync("!document.getElementById('referral-done').hidden", "the confirmation");
        Assert.Equal($"Code applied: you were referred by {parent}, who received a direct bonus of 25.", await page.TextAsync("#referral-done"));
        await page.WaitForAsync("document.getElementById('referral-form').hidden && !document.getElementById('referred-by').hidden", "the referrer in place of the form");
        Assert.Equal(parent, await page.TextAsync("#referred-by-id"));
        Assert.Equal(parent, (await ledger.StatsAsync(child)).GetProperty("referredBy").GetString());
        Assert.Equal(token, await page.EvaluateAsync<string>("sessionStorage.getItem('cxmpute.token')"));
        Assert.Equal(child, await page.TextAsync("#signed-in-account"));
        await page.ScreenshotAsync("referral-applied");
        DashboardAssert.NoErrors(page);
    }

    [Fact]
    public async Task A_cycle_and_the_other_refusals_are_explained_and_change_nothing()
    {
        using var ledger = host.NewLedgerClient();
        var top = await ledger.UserAsync("top");
        var below = await ledger.UserAsync("below");
        var further = await ledger.UserAsync("further");
        await ledger.ReferOkAsync(below, top);
        await ledger.ReferOkAsync(further, below);
        var provider = await ledger.ProviderAsync("other-kind");
        await using var page = await OpenAsync(top);

        // The token is asked for once, at the first submission, and kept for the next ones.
        await page.TypeAsync("#referral-input", further);
        await page.ClickAsync("#referral-submit");
        await EnterTokenAsync(page, TestTokens.For(top));
        var cycle = await RefusalAsync(page);
        Assert.Contains("in your own referral network", cycle, StringComparison.Ordinal);
        Assert.Contains("cannot go round in a circle", cycle, StringComparison.Ordinal);
        await page.ScreenshotAsync("referral-cycle-refused");

        Assert.Contains("provider's code", await SubmitAsync(page, provider), StringComparison.Ordinal);
        Assert.Contains("No account has the code", await SubmitAsync(page, Ids.User("nobody")), StringComparison.Ordinal);
        Assert.Contains("your own code", await SubmitAsync(page, top), StringComparison.Ordinal);
        Assert.Contains("is not a referral code", await SubmitAsync(page, "usr_not valid!"), StringComparison.Ordinal);

        Assert.Equal(1, await page.EvaluateAsync<int>("document.querySelectorAll('#token-dialog').length"));
        Assert.False(await page.EvaluateAsync<bool>("document.getElementById('token-dialog').open"));
        Assert.Equal("true", await page.EvaluateAsync<string>("document.getElementById('referral-input').getAttribute('aria-invalid')"));
        var stats = await ledger.StatsAsync(top);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, stats.GetProperty("referredBy").ValueKind);
        Assert.True(await page.IsVisibleAsync("#referral-form"));
        page.ClearErrors(); // the refused requests (404, 409, 422) are logged by the browser
    }

    [Fact]
    public async Task An_account_that_already_has_a_referrer_is_told_so_and_shown_it()
    {
        using var ledger = host.NewLedgerClient();
        var first = await ledger.UserAsync("first");
        var second = await ledger.UserAsync("second");
        var user = await ledger.UserAsync("twice");
        await using var page = await chromium.NewPageAsync();
        await page.HoldRequestsAsync("*/events*"); // no live updates: the page keeps showing the form
        await page.GotoAsync(host.PageUrl(user));
        await page.WaitForAsync("document.body.dataset.state === 'ready'", "the page");

        await ledger.ReferOkAsync(user, first); // another client, behind the page's back
        await page.TypeAsync("#referral-input", second);
        await page.ClickAsync("#referral-submit");
        await EnterTokenAsync(page, TestTokens.For(user));

        Assert.Contains("already has a referrer", await RefusalAsync(page), StringComparison.Ordinal);
        await page.WaitForAsync($"document.getElementById('referred-by-id').textContent === {BrowserPage.Js(first)}", "the referrer it has");
        Assert.True(await page.IsVisibleAsync("#referral-error"));
        Assert.False(await page.IsVisibleAsync("#referral-form"));
        page.ClearErrors();
    }

    [Fact]
    public async Task An_expired_token_is_refused_forgotten_and_asked_for_again()
    {
        using var ledger = host.NewLedgerClient();
        var parent = await ledger.UserAsync("parent");
        var user = await ledger.UserAsync("expired");
        await using var page = await OpenAsync(user);
        await page.TypeAsync("#referral-input", parent);
        await page.ClickAsync("#referral-submit");
        await EnterTokenAsync(page, TestTokens.Expired(user));

        Assert.Contains("sign-in was not accepted", await RefusalAsync(page), StringComparison.Ordinal);
        Assert.Null(await page.EvaluateAsync<string?>("sessionStorage.getItem('cxmpute.token')"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await ledger.StatsAsync(user)).GetProperty("referredBy").ValueKind);

        await page.ClickAsync("#referral-submit");
        await EnterTokenAsync(page, TestTokens.For(user));
        await page.WaitForAsync("!document.getElementById('referred-by').hidden", "the referrer");
        page.ClearErrors();
    }

    [Fact]
    public async Task A_token_for_another_account_is_refused_and_changes_nothing()
    {
        using var ledger = host.NewLedgerClient();
        var parent = await ledger.UserAsync("parent");
        var user = await ledger.UserAsync("victim");
        await using var page = await OpenAsync(user);
        await page.TypeAsync("#referral-input", parent);
        await page.ClickAsync("#referral-submit");
        await EnterTokenAsync(page, TestTokens.For(Ids.User("someone-else")));

        Assert.Contains("signed in as another account", await RefusalAsync(page), StringComparison.Ordinal);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await ledger.StatsAsync(user)).GetProperty("referredBy").ValueKind);
        page.ClearErrors();
    }

    private async Task<BrowserPage> OpenAsync(string account)
    {
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(host.PageUrl(account));
        await page.WaitForAsync("document.body.dataset.state === 'ready'", "the page");
        return page;
    }

    private static async Task EnterTokenAsync(BrowserPage page, string token)
    {
        await page.WaitForAsync("document.getElementById('token-dialog').open", "the sign-in dialog");
        await page.TypeAsync("#token-input", token);
        await page.ClickAsync("#token-save");
    }

    private static async Task<string> SubmitAsync(BrowserPage page, string code)
    {
        await page.TypeAsync("#referral-input", code);
        await page.EvaluateAsync("document.getElementById('referral-error').textContent = ''");
        await page.ClickAsync("#referral-submit");
        return await RefusalAsync(page);
    }

    private static async Task<string> RefusalAsync(BrowserPage page)
    {
        await page.WaitForAsync(
            "!document.getElementById('referral-error').hidden && document.getElementById('referral-error').textContent !== '' && !document.getElementById('referral-submit').disabled",
            "the refusal message");
        return await page.TextAsync("#referral-error");
    }

}
