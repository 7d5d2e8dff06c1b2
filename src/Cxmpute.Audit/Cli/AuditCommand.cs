using System.Net;
using Azure;
using Azure.Data.Tables;
using Cxmpute.Audit.Checks;
using Cxmpute.Audit.Report;
using Cxmpute.Audit.Running;
using Cxmpute.Audit.Sources;
using Cxmpute.Grains;
using Cxmpute.Grains.Hosting;
using Cxmpute.Grains.Storage;
using Cxmpute.Rewards;

namespace Cxmpute.Audit.Cli;

/// <summary>The audit command: arguments → sources → checks → report and exit code. Never prints the connection string or the key.</summary>
public static class AuditCommand
{
    public const int CouldNotRun = 2;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter errors, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        AuditArguments arguments;
        try
        {
            arguments = AuditArguments.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await errors.WriteLineAsync($"error: {ex.Message}\n\n{AuditArguments.Usage}");
            return CouldNotRun;
        }

        if (arguments.Help)
        {
            await output.WriteLineAsync(AuditArguments.Usage);
            return 0;
        }

        try
        {
            return await RunAsync(arguments, output, arguments.Quiet ? null : errors, cancellationToken);
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or IOException or ScheduleValidationException
            or InvalidOperationException or ArgumentException or FormatException or UriFormatException)
        {
            // Messages of these name tables, files and addresses, never the connection string's key.
            await errors.WriteLineAsync($"error: the audit could not run: {ex.GetType().Name}: {ex.Message}");
            return CouldNotRun;
        }
    }

    private static async Task<int> RunAsync(AuditArguments arguments, TextWriter output, TextWriter? progress, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(arguments.Storage))
        {
            throw new ArgumentException("no storage: pass --storage \"<connection string>\" or set CXMPUTE_STORAGE_CONNECTION");
        }

        var configDirectory = LedgerSettings.FindConfigDirectory(arguments.ConfigDirectory);
        var options = LedgerSettings.Read(configDirectory);
        options.AwardJournals = arguments.AwardJournals ?? options.AwardJournals;
        options.JournalTable = arguments.JournalTable ?? options.JournalTable;
        options.JournalStorage = arguments.JournalStorage ?? options.JournalStorage;
        options.AccountTable = arguments.AccountTable ?? options.AccountTable;
        options.AccountTableShards = arguments.AccountTableShards ?? options.AccountTableShards;
        options.StorageConnectionString = arguments.Storage;
        if (LedgerOptionsValidation.StorageProblems(options) is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join("; ", problems));
        }

        var schedules = new List<RewardSchedule>();
        var main = Path.IsPathRooted(options.ScheduleFile) ? options.ScheduleFile
            : configDirectory is not null ? Path.Combine(configDirectory, options.ScheduleFile) : null;
        if (main is not null && File.Exists(main))
        {
            schedules.Add(RewardSchedule.Load(main));
        }

        schedules.AddRange(arguments.Schedules.Select(RewardSchedule.Load));
        if (schedules.Count == 0)
        {
            throw new ArgumentException("no reward schedule: pass --config-dir (silo-config) or --schedule <file>");
        }

        TableServiceClient tables;
        IJournalStore journals;
        try
        {
            tables = new TableServiceClient(arguments.Storage);
            journals = JournalStores.Open(arguments.Storage, options, new LedgerMetrics());
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            throw new ArgumentException("--storage is not a valid Azure Storage connection string");
        }

        try
        {
            await JournalCountCheck.EnsureNoneBeyondAsync(journals, options.AwardJournals, cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            throw new ArgumentException(ex.Message + " Pass --award-journals <n>.");
        }

        try
        {
            // Read only: the audit records nothing, and storage from before the record is audited as configured. The
            // partition count is left out: the audit reads whole tables, so no partition count misleads it.
            var layoutTable = tables.GetTableClient(LedgerLayout.TableName(options));
            if (await LedgerLayout.ReadAsync(layoutTable, cancellationToken) is { } recorded)
            {
                recorded.EnsureMatches(LedgerLayout.Of(options) with { AccountPartitions = recorded.AccountPartitions }, layoutTable.Name);
            }
        }
        catch (InvalidOperationException ex)
        {
            throw new ArgumentException(ex.Message + " Pass --award-journals, --account-tables or --journal-storage (or the silo's configuration) with the recorded values.");
        }

        var target = $"storage account {tables.AccountName} ({tables.Uri.GetLeftPart(UriPartial.Path)}), journal {options.JournalStorage.ToString().ToLowerInvariant()} {options.JournalTable}, tables {string.Join(", ", options.AccountTables())}; API {arguments.Api}";
        progress?.WriteLine($"auditing {target} with schedules {string.Join(", ", schedules.Select(s => s.Version))}");
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = arguments.Concurrency,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        using var client = new HttpClient(handler) { BaseAddress = arguments.Api, Timeout = TimeSpan.FromSeconds(60) };
        var auditor = new Auditor(schedules, new AuditSettings
        {
            AwardJournals = options.AwardJournals,
            MaxAge = options.MaxAge,
            MaxFutureSkew = options.MaxFutureSkew,
            RaceWindow = arguments.RaceWindow,
        });
        var runner = new AuditRunner(
            new StorageLedgerSource(tables, journals, options),
            new HttpAccountSource(client, arguments.ApiKey ?? (Environment.GetEnvironmentVariable("CXMPUTE_API_KEY") is { Length: > 0 } key ? key : null)),
            auditor,
            arguments.Concurrency,
            progress);
        var run = await runner.RunAsync(cancellationToken);
        ReportWriter.Write(output, run, target, arguments.MaxListed);
        if (arguments.JsonFile is { } json)
        {
            await File.WriteAllTextAsync(json, JsonReport.Serialize(run, target), cancellationToken);
        }

        return run.ExitCode;
    }
}
