using System.Diagnostics;
using Cxmpute.Dashboard.Tests.Browser;
using Cxmpute.Dashboard.Tests.Infrastructure;

namespace Cxmpute.Dashboard.Tests;

/// <summary>No account, an id of the wrong form, and a server that cannot be reached: the page says what happened and what to do.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ErrorStateTests(DashboardHost host, Chromium chromium)
{
    [Fact]
    public async Task Without_an_account_the_page_asks_for_one_and_its_form_opens_it()
    {
        using var ledger = host.NewLedgerClient();
        var user = await ledger.UserAsync("picked");
        await using var page = await chromium.NewPageAsync();
        await page.GotoAsync(host.PageUrl(null));
        await page.WaitForAsync("document.body.dataset.state === 'choose'", "the account prompt");
        Assert.Equal("Choose an account", await page.TextAsync("#notice-title"));

        await page.TypeAsync("#account-input", user);
        await page.ClickAsync("#account-form button");

        await page.WaitForAsync($"location.search === {BrowserPage.Js("?account=" + user)} && document.body.dataset.state === 'ready'", "the chosen account");
        DashboardAssert.NoErrors(page);
    }

    [Theory]
    [InlineData("usr_")]
    [InlineData("alice")]
    [InlineData("usr_a b")]
    public async Task An_id_of_the_wrong_form_is_explained(string account)
    {
        await using var page = await chromium.NewPageAsync();
        await page.GotoAsync(host.PageUrl(account));

        await page.WaitForAsync("document.body.dataset.state === 'invalid'", "the explanation");
        Assert.Equal("That is not an account id", await page.TextAsync("#notice-title"));
        Assert.Contains("usr_", await page.TextAsync("#notice-hint"), StringComparison.Ordinal);
        DashboardAssert.NoErrors(page);
    }

    [Fact]
    public async Task When_the_API_cannot_be_reached_the_page_says_so_and_recovers_by_itself()
    {
        using var ledger = host.NewLedgerClient();
        var user = await ledger.UserAsync("unreachable");
        await ledger.AwardAsync(Awards.User(user));
        await using var page = await chromium.NewPageAsync();
        await page.FailRequestsAsync("*/api/*");

        await page.GotoAsync(host.PageUrl(user));

        await page.WaitForAsync("document.body.dataset.state === 'down'", "the server-down state");
        var problem = await page.TextAsync("#problem");
        Assert.StartsWith("The server cannot be reached.", problem, StringComparison.Ordinal);
        Assert.Contains("Retrying in", problem, StringComparison.Ordinal);
        Assert.Equal("reconnecting", await page.EvaluateAsync<string>("document.body.dataset.live"));
        await page.ScreenshotAsync("server-unreachable");

        await page.StopFailingRequestsAsync();

        await DashboardAssert.ShowsStatsAsync(page, ledger, user);
        await page.WaitForAsync("document.getElementById('problem').hidden && document.body.dataset.live === 'on'", "the recovery", TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task When_the_server_stops_the_page_keeps_the_last_figures_and_says_so()
    {
        var own = new ConfiguredDashboardHost([]);
        await own.InitializeAsync();
        try
        {
            using var ledger = own.NewLedgerClient();
            var user = await ledger.UserAsync("stopped");
            await ledger.AwardAsync(Awards.User(user));
            await using var page = await chromium.NewPageAsync();
            await page.GotoAsync(own.PageUrl(user));
            await page.WaitForAsync("document.body.dataset.state === 'ready' && document.body.dataset.live === 'on'", "the page and its live stream");
            var total = await page.TextAsync("[data-field=\"totalEarnings\"]");

            var stopping = Stopwatch.StartNew();
            await own.DisposeAsync();
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(15), $"the host took {stopping.Elapsed} to stop with a stream open");

            await page.WaitForAsync("document.body.dataset.state === 'stale'", "the stale state");
            Assert.Contains("The server cannot be reached. The figures below are from the last successful update.", await page.TextAsync("#problem"), StringComparison.Ordinal);
            Assert.True(await page.IsVisibleAsync("#dashboard"));
            Assert.Equal(total, await page.TextAsync("[data-field=\"totalEarnings\"]"));
            Assert.Equal("reconnecting", await page.EvaluateAsync<string>("document.body.dataset.live"));
            await page.ScreenshotAsync("server-stopped");
        }
        finally
        {
            await own.DisposeAsync();
        }
    }
}
