using System.Globalization;
using System.Text.Json;
using Cxmpute.Grains;

namespace Cxmpute.Audit.Cli;

/// <summary>Reads the ledger's settings the audit needs from <c>silo-config/appsettings.json</c> (its <c>Ledger</c> section).</summary>
public static class LedgerSettings
{
    public const string FolderName = "silo-config";

    /// <summary>The silo-config folder: the given one, else <c>CXMPUTE_CONFIG_DIR</c>, else the first found walking up from here or from the tool.</summary>
    public static string? FindConfigDirectory(string? given)
    {
        if (!string.IsNullOrWhiteSpace(given))
        {
            return Directory.Exists(given) ? Path.GetFullPath(given) : throw new DirectoryNotFoundException($"--config-dir '{given}' does not exist");
        }

        if (Environment.GetEnvironmentVariable("CXMPUTE_CONFIG_DIR") is { Length: > 0 } fromEnvironment)
        {
            return Directory.Exists(fromEnvironment) ? Path.GetFullPath(fromEnvironment) : throw new DirectoryNotFoundException($"CXMPUTE_CONFIG_DIR '{fromEnvironment}' does not exist");
        }

        return WalkUp(Directory.GetCurrentDirectory()) ?? WalkUp(AppContext.BaseDirectory);
    }

    /// <summary>The ledger options of <c>appsettings.json</c> (then <c>appsettings.{ASPNETCORE_ENVIRONMENT}.json</c>), over the defaults.</summary>
    public static LedgerOptions Read(string? configDirectory)
    {
        var options = new LedgerOptions { ConfigDirectory = configDirectory };
        if (configDirectory is not null)
        {
            Apply(options, Path.Combine(configDirectory, "appsettings.json"));
            if (Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") is { Length: > 0 } environment)
            {
                Apply(options, Path.Combine(configDirectory, $"appsettings.{environment}.json"));
            }
        }

        // As the silo's configuration does, the environment overrides the files (./run.sh sets the journal storage and count there).
        if (Environment.GetEnvironmentVariable("Ledger__JournalStorage") is { Length: > 0 } journalStorage)
        {
            options.JournalStorage = Enum.Parse<JournalStorage>(journalStorage, ignoreCase: true);
        }

        // ./run.sh sets the number of award journals its data folder was written with there.
        options.AwardJournals = EnvironmentNumber(nameof(LedgerOptions.AwardJournals)) ?? options.AwardJournals;
        options.AccountTableShards = EnvironmentNumber(nameof(LedgerOptions.AccountTableShards)) ?? options.AccountTableShards;
        options.AccountPartitions = EnvironmentNumber(nameof(LedgerOptions.AccountPartitions)) ?? options.AccountPartitions;
        return options;
    }

    /// <summary><c>Ledger__{setting}</c> from the environment, when set.</summary>
    private static int? EnvironmentNumber(string setting) =>
        Environment.GetEnvironmentVariable($"{LedgerOptions.SectionName}__{setting}") is { Length: > 0 } value
            ? int.Parse(value, CultureInfo.InvariantCulture)
            : null;

    private static void Apply(LedgerOptions options, string file)
    {
        if (!File.Exists(file))
        {
            return;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (Member(document.RootElement, LedgerOptions.SectionName) is not { ValueKind: JsonValueKind.Object } ledger)
        {
            return;
        }

        options.AwardJournals = Number(ledger, nameof(LedgerOptions.AwardJournals)) ?? options.AwardJournals;
        options.AccountTableShards = Number(ledger, nameof(LedgerOptions.AccountTableShards)) ?? options.AccountTableShards;
        options.AccountPartitions = Number(ledger, nameof(LedgerOptions.AccountPartitions)) ?? options.AccountPartitions;

        options.JournalTable = Member(ledger, nameof(LedgerOptions.JournalTable))?.GetString() ?? options.JournalTable;
        if (Member(ledger, nameof(LedgerOptions.JournalStorage))?.GetString() is { } storage)
        {
            options.JournalStorage = Enum.Parse<JournalStorage>(storage, ignoreCase: true);
        }
        options.AccountTable = Member(ledger, nameof(LedgerOptions.AccountTable))?.GetString() ?? options.AccountTable;
        options.ScheduleFile = Member(ledger, nameof(LedgerOptions.ScheduleFile))?.GetString() ?? options.ScheduleFile;
        if (Member(ledger, nameof(LedgerOptions.MaxAge))?.GetString() is { } maxAge)
        {
            options.MaxAge = TimeSpan.Parse(maxAge, CultureInfo.InvariantCulture);
        }

        if (Member(ledger, nameof(LedgerOptions.MaxFutureSkew))?.GetString() is { } skew)
        {
            options.MaxFutureSkew = TimeSpan.Parse(skew, CultureInfo.InvariantCulture);
        }
    }

    /// <summary>A whole-number member, written as a JSON number or as a string (as configuration binding accepts).</summary>
    private static int? Number(JsonElement element, string name) => Member(element, name) switch
    {
        { ValueKind: JsonValueKind.Number } number => number.GetInt32(),
        { } text => int.Parse(text.GetString()!, CultureInfo.InvariantCulture),
        null => null,
    };

    /// <summary>A member by name, ignoring case as .NET configuration does.</summary>
    private static JsonElement? Member(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static string? WalkUp(string? start)
    {
        for (var directory = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, FolderName);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
