using System.Globalization;

namespace Cxmpute.Audit.Cli;

/// <summary>The command line of the audit (<c>--name value</c> or <c>--name=value</c>).</summary>
public sealed record AuditArguments
{
    public const string Usage = """
        Usage: dotnet run --project src/Cxmpute.Audit -- --storage "<connection string>" [options]
               (or ./run.sh audit [options], which starts nothing and audits the running deployment)

        Reads every journal entry from storage and every account through the HTTP API, and checks that
        balances, credits, prices, referral chains and network counts agree. Run it on a quiescent deployment.

          --storage <conn>       Azure Storage connection string [env CXMPUTE_STORAGE_CONNECTION]
          --api <url>            the HTTP API [http://127.0.0.1:5000]
          --config-dir <dir>     silo-config folder: its appsettings.json 'Ledger' section gives table names,
                                 journal count and schedule file [CXMPUTE_CONFIG_DIR, else found walking up]
          --schedule <file>      another reward schedule, for entries priced by an older version (repeatable)
          --concurrency <n>      parallel account reads [32]
          --race-window <s>      seconds a referral may take to become visible to pricing [60]
          --award-journals <n>   overrides Ledger:AwardJournals
          --journal-table <t>    overrides Ledger:JournalTable
          --journal-storage <s>  overrides Ledger:JournalStorage: table or blob [env Ledger__JournalStorage]
          --account-table <t>    overrides Ledger:AccountTable (the prefix when the accounts are sharded)
          --account-tables <n>   overrides Ledger:AccountTableShards
          --max-listed <n>       discrepancies printed [100]
          --json <file>          also write the report as JSON
          --quiet                no progress lines on stderr
          -h, --help             this text

        The API key for reads (needed wherever public reads are off: every environment but Development) comes from env
        CXMPUTE_API_KEY, or from --api-key KEY (a command line is visible to other users of the machine: prefer the variable).
        Exit codes: 0 passed, 1 discrepancies, 2 could not run, 3 no discrepancy but the journals moved meanwhile.
        """;

    public string? Storage { get; init; }

    public Uri Api { get; init; } = new("http://127.0.0.1:5000");

    /// <summary>The key for reads, when not in CXMPUTE_API_KEY.</summary>
    public string? ApiKey { get; init; }

    public string? ConfigDirectory { get; init; }

    public IReadOnlyList<string> Schedules { get; init; } = [];

    public int Concurrency { get; init; } = 32;

    public TimeSpan RaceWindow { get; init; } = TimeSpan.FromSeconds(60);

    public int? AwardJournals { get; init; }

    public string? JournalTable { get; init; }

    public Grains.JournalStorage? JournalStorage { get; init; }

    public string? AccountTable { get; init; }

    public int? AccountTableShards { get; init; }

    public int MaxListed { get; init; } = 100;

    public string? JsonFile { get; init; }

    public bool Quiet { get; init; }

    public bool Help { get; init; }

    /// <exception cref="ArgumentException">An unknown option, a missing value or a malformed number.</exception>
    public static AuditArguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new AuditArguments { Storage = Environment.GetEnvironmentVariable("CXMPUTE_STORAGE_CONNECTION") };
        var schedules = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
            {
                return parsed with { Help = true };
            }

            if (arg == "--quiet")
            {
                parsed = parsed with { Quiet = true };
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{arg}'");
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? arg[2..eq] : arg[2..];
            var value = eq > 0 ? arg[(eq + 1)..] : i + 1 < args.Count ? args[++i] : throw new ArgumentException($"--{name} needs a value");
            parsed = name switch
            {
                "storage" => parsed with { Storage = value },
                "api" => parsed with { Api = Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : throw new ArgumentException($"--api needs an http(s) URL, not '{value}'") },
                "config-dir" => parsed with { ConfigDirectory = value },
                "schedule" => parsed,
                "concurrency" => parsed with { Concurrency = Positive(name, value) },
                "api-key" => parsed with { ApiKey = value.Length > 0 ? value : throw new ArgumentException("--api-key needs a value") },
                "race-window" => parsed with { RaceWindow = TimeSpan.FromSeconds(Positive(name, value)) },
                "award-journals" => parsed with { AwardJournals = Positive(name, value) },
                "journal-table" => parsed with { JournalTable = value },
                "journal-storage" => parsed with { JournalStorage = Enum.TryParse<Grains.JournalStorage>(value, ignoreCase: true, out var storage) && Enum.IsDefined(storage) ? storage : throw new ArgumentException($"--journal-storage is table or blob, not '{value}'") },
                "account-table" => parsed with { AccountTable = value },
                "account-tables" => parsed with { AccountTableShards = Positive(name, value) },
                "max-listed" => parsed with { MaxListed = Positive(name, value) },
                "json" => parsed with { JsonFile = value },
                _ => throw new ArgumentException($"unknown option --{name}"),
            };
            if (name == "schedule")
            {
                schedules.Add(value);
            }
        }

        return parsed with { Schedules = schedules };
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"--{name} needs a positive integer, not '{value}'");
}
