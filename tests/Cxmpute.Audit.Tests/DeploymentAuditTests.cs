using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using Cxmpute.Api.Tests.Infrastructure;
using Cxmpute.Audit.Checks;
using Cxmpute.Audit.Cli;
using Cxmpute.Audit.Running;
using Cxmpute.Audit.Sources;
using Cxmpute.Audit.Tests.Infrastructure;
using Cxmpute.Grains;
using Cxmpute.Grains.Journal;
using Cxmpute.Grains.Storage;
using Cxmpute.Testing;

namespace Cxmpute.Audit.Tests;

/// <summary>
/// A small deployment (the combined host on Azurite) under varied traffic passes the audit, through the runner and through
/// the command line; then one journal entry is damaged directly in storage and the audit names it.
/// </summary>
public sealed class DeploymentAuditTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly string ConfigDirectory = Path.Combine(RepoPaths.Root, "silo-config");

    [Fact]
    public async Task A_deployment_under_traffic_passes_and_a_damaged_journal_entry_is_named()
    {
        await using var host = new StorageApiHost(azurite.ConnectionString, TableNames.New("aud"));
        await ((IAsyncLifetime)host).InitializeAsync();
        using var http = host.NewHttpClient();
        var traffic = new Traffic(http, Guid.NewGuid().ToString("N")[..8]);
        var acknowledged = await traffic.RunAsync();

        var run = await RunnerAsync(host, http);

        Assert.True(run.Result.Passed, string.Join("\n", run.Result.Discrepancies));
        Assert.True(run.Quiescent);
        Assert.Equal(acknowledged, run.Result.Counts.AwardEntries);
        Assert.Equal(4, run.Result.Counts.ReferralEntries);
        Assert.True(run.Result.Counts.ChainsGrownLater >= 1, "the award priced before B joined A counts as a chain that grew later");
        Assert.Equal(run.Result.Counts.CreditsExpected, run.Result.Counts.LedgerEntries);

        var (code, output) = await CommandAsync(host);
        Assert.True(code == 0, output);
        Assert.Contains("AUDIT PASSED", output, StringComparison.Ordinal);

        var damaged = traffic.AwardWithChain;
        var journal = LedgerOptions.AwardJournalId(JournalRouting.PartitionOf(damaged, LedgerOptions.DefaultAwardJournals));
        await StoredJournal.EditAwardAsync(new TableServiceClient(azurite.ConnectionString).GetTableClient(host.JournalTable), journal, damaged,
            entry => entry["award"]!["result"]!["user"]!["amount"] = 99m);

        (code, output) = await CommandAsync(host);

        Assert.True(code == 1, output);
        Assert.Contains($"[{DiscrepancyCodes.AwardPrice}] {damaged}: user {traffic.ChainUser} amount 99", output, StringComparison.Ordinal);
        Assert.Contains($"[{DiscrepancyCodes.CreditMismatch}] {traffic.ChainUser}: award {damaged} usage", output, StringComparison.Ordinal);
        Assert.Contains("AUDIT FAILED", output, StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteFixture.AccountKey, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deployment_that_never_stored_anything_passes()
    {
        var (code, output) = await CommandAsync(null, "--api", "http://127.0.0.1:9", "--journal-table", TableNames.New("none"), "--account-table", TableNames.New("none"));

        Assert.True(code == 0, output);
        Assert.Contains("AUDIT PASSED", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_table_name_Azure_refuses_is_named_before_storage_is_read()
    {
        var (code, output) = await CommandAsync(null, "--api", "http://127.0.0.1:9", "--journal-table", TableNames.New("none"), "--account-table", "cx_accounts");

        Assert.True(code == AuditCommand.CouldNotRun, output);
        Assert.Contains("Ledger:AccountTable is 'cx_accounts', which makes table 'cx_accounts00'", output, StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteFixture.AccountKey, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storage_written_with_more_journals_than_configured_is_not_audited()
    {
        var journalTable = TableNames.New("wide");
        var store = JournalStores.Open(azurite.ConnectionString, new LedgerOptions { JournalTable = journalTable }, new LedgerMetrics(), create: true);
        var beyond = LedgerOptions.AwardJournalId(LedgerOptions.DefaultAwardJournals);
        await store.WritePageAsync(beyond, new Grains.Storage.JournalPageInfo(0, 1, 1, 1, DateTimeOffset.UtcNow), [1], expectedETag: null);

        var (code, output) = await CommandAsync(null, "--api", "http://127.0.0.1:9", "--journal-table", journalTable, "--account-table", TableNames.New("none"));
        Assert.True(code == AuditCommand.CouldNotRun, output);
        Assert.Contains($"award journal {beyond}", output, StringComparison.Ordinal);
        Assert.Contains("--award-journals", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storage_whose_recorded_layout_differs_from_the_configuration_is_not_audited_and_its_partition_count_does_not_matter()
    {
        var accountTable = TableNames.New("laid");
        var options = new LedgerOptions { AccountTable = accountTable };
        var layout = new TableServiceClient(azurite.ConnectionString).GetTableClient(LedgerLayout.TableName(options));
        await layout.CreateIfNotExistsAsync();
        await LedgerLayout.EnsureAsync(layout, LedgerLayout.Of(options) with { AccountTableShards = 4, AccountPartitions = 128 }, record: true);
        string[] args = ["--api", "http://127.0.0.1:9", "--journal-table", TableNames.New("none"), "--account-table", accountTable];

        var (code, output) = await CommandAsync(null, args);
        Assert.True(code == AuditCommand.CouldNotRun, output);
        Assert.Contains("set up with Ledger:AccountTableShards = 4", output, StringComparison.Ordinal);
        Assert.Contains("--account-tables", output, StringComparison.Ordinal);
        Assert.DoesNotContain("AccountPartitions", output, StringComparison.Ordinal);

        (code, output) = await CommandAsync(null, [.. args, "--account-tables", "4"]);
        Assert.True(code == 0, output);
        Assert.Contains("AUDIT PASSED", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_arguments_exit_2_without_echoing_the_connection_string()
    {
        var errors = new StringWriter();
        var code = await AuditCommand.RunAsync(["--storage", "AccountKey=not-a-real-connection-string-secret", "--config-dir", ConfigDirectory], new StringWriter(), errors);

        Assert.Equal(AuditCommand.CouldNotRun, code);
        Assert.DoesNotContain("not-a-real-connection-string-secret", errors.ToString(), StringComparison.Ordinal);
    }

    private async Task<AuditRun> RunnerAsync(StorageApiHost host, HttpClient http)
    {
        var options = new LedgerOptions { JournalTable = host.JournalTable, AccountTable = host.AccountTable };
        var schedule = Rewards.RewardSchedule.Load(Path.Combine(ConfigDirectory, Rewards.RewardSchedule.DefaultFileName));
        var runner = new AuditRunner(new StorageLedgerSource(new TableServiceClient(azurite.ConnectionString), JournalStores.Open(azurite.ConnectionString, options, new LedgerMetrics()), options), new HttpAccountSource(http), new Auditor([schedule]), 8);
        return await runner.RunAsync();
    }

    private async Task<(int Code, string Output)> CommandAsync(StorageApiHost? host, params string[] extra)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        string[] args = host is null
            ? ["--storage", azurite.ConnectionString, "--config-dir", ConfigDirectory, "--quiet", .. extra]
            : ["--storage", azurite.ConnectionString, "--api", host.Address.ToString(), "--config-dir", ConfigDirectory,
                "--journal-table", host.JournalTable, "--account-table", host.AccountTable, "--concurrency", "4", "--quiet", .. extra];
        var code = await AuditCommand.RunAsync(args, output, errors);
        return (code, output + errors.ToString());
    }

    /// <summary>Varied traffic through HTTP: returns how many distinct awards were acknowledged.</summary>
    private sealed class Traffic(HttpClient http, string tag)
    {
        private readonly HashSet<string> _acknowledged = [];

        public string ChainUser => $"usr_{tag}-c";

        public string AwardWithChain => $"aud-{tag}-c2";

        public async Task<int> RunAsync()
        {
            string a = $"usr_{tag}-a", b = $"usr_{tag}-b", c = ChainUser, d = $"usr_{tag}-d";
            string p1 = $"prov_{tag}-1", p2 = $"prov_{tag}-2", p3 = $"prov_{tag}-3";
            await OkAsync(HttpMethod.Put, $"/api/user/{a}", "{}");
            await OkAsync(HttpMethod.Put, $"/api/user/{b}", "{}");
            await OkAsync(HttpMethod.Put, $"/api/providers/{p1}", """{"vramGb": 24}""");
            await OkAsync(HttpMethod.Put, $"/api/providers/{p2}", """{"vramGb": 22}""");
            await OkAsync(HttpMethod.Put, $"/api/providers/{p3}", """{"vramGb": 7.5}""");

            await ReferAsync(c, b, HttpStatusCode.OK);
            await AwardAsync($"aud-{tag}-c1", c, p2, "Llama3-70B", 1200, 900);
            await ReferAsync(b, a, HttpStatusCode.OK); // the chain above c grows later: c1 paid b only
            await AwardAsync(AwardWithChain, c, p2, "Llama3-70B", 2000, 12_000);
            await ReferAsync(p2, p1, HttpStatusCode.OK);
            await ReferAsync(p3, p2, HttpStatusCode.OK);
            await AwardAsync($"aud-{tag}-p3", null, p3, "mistral-7b", 500, null, "embeddings");
            await AwardAsync($"aud-{tag}-tts", d, p3, "Some-Unknown-Model", 0, 3000, "tts");
            await AwardAsync($"aud-{tag}-scrape", d, null, null, 10, null, "/scrape");

            // Replays, conflicts and refusals change nothing.
            await AwardAsync(AwardWithChain, c, p2, "Llama3-70B", 2000, 12_000, expectDuplicate: true);
            await SendAsync(HttpMethod.Post, "/api/awards", Award(AwardWithChain, c, p2, "Llama3-70B", 2001, 12_000), HttpStatusCode.Conflict);
            await SendAsync(HttpMethod.Post, "/api/awards", Award($"aud-{tag}-x", null, p3, "Llama3-70B", 1, null), (HttpStatusCode)422);
            await ReferAsync(a, c, (HttpStatusCode)422);
            await ReferAsync(c, a, HttpStatusCode.Conflict);
            await ReferAsync(d, d, (HttpStatusCode)422);

            // A batch with fresh awards, a replay and an invalid item; then concurrent awards to one user.
            var batch = $$"""{"awards": [{{Award($"aud-{tag}-b1", d, p1, "Llama3-8B", 7, 100)}}, {{Award($"aud-{tag}-b2", a, null, null, 3, null)}}, {{Award($"aud-{tag}-c1", c, p2, "Llama3-70B", 1200, 900)}}, {"awardId": "bad id"}]}""";
            await OkAsync(HttpMethod.Post, "/api/awards/batch", batch);
            _acknowledged.Add($"aud-{tag}-b1");
            _acknowledged.Add($"aud-{tag}-b2");
            await Task.WhenAll(Enumerable.Range(0, 12).Select(i => AwardAsync($"aud-{tag}-many-{i}", d, i % 2 == 0 ? p1 : null, "Phi-3-Mini", i * 100, i * 1000)));
            return _acknowledged.Count;
        }

        private static string Award(string id, string? user, string? provider, string? model, int tokens, int? latencyMs, string service = "chat") =>
            JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["awardId"] = id,
                ["service"] = service,
                ["userId"] = user,
                ["providerId"] = provider,
                ["model"] = model,
                ["tokens"] = tokens,
                ["latencyMs"] = latencyMs,
            });

        private async Task AwardAsync(string id, string? user, string? provider, string? model, int tokens, int? latencyMs, string service = "chat", bool expectDuplicate = false)
        {
            var body = await OkAsync(HttpMethod.Post, "/api/awards", Award(id, user, provider, model, tokens, latencyMs, service));
            Assert.Equal(expectDuplicate, body.GetProperty("duplicate").GetBoolean());
            lock (_acknowledged)
            {
                _acknowledged.Add(id);
            }
        }

        private Task ReferAsync(string account, string code, HttpStatusCode status) =>
            SendAsync(HttpMethod.Post, (account.StartsWith("usr_", StringComparison.Ordinal) ? "/api/user/" : "/api/providers/") + account + "/referral",
                $$"""{"referralCode": "{{code}}"}""", status);

        private async Task<JsonElement> OkAsync(HttpMethod method, string path, string body) => await SendAsync(method, path, body, HttpStatusCode.OK);

        private async Task<JsonElement> SendAsync(HttpMethod method, string path, string body, HttpStatusCode status)
        {
            var response = await http.SendJsonAsync(method, path, body, CxmputeApiFactory.ApiKey);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"{method} {path}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }
}
