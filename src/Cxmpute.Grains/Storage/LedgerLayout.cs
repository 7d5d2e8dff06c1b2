using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace Cxmpute.Grains.Storage;

/// <summary>
/// The settings that decide where a deployment's data is and which journal an award belongs to. Each is fixed once the
/// deployment holds data: with another <see cref="LedgerOptions.AwardJournals"/> a retry is deduplicated (and a crashed
/// commit replayed) by another journal than the one that holds it; with another <see cref="LedgerOptions.AccountTableShards"/>
/// or <see cref="LedgerOptions.AccountPartitions"/> an account is looked for in another table or partition and found
/// empty; with another <see cref="LedgerOptions.JournalStorage"/> no journal page is found at all. Each would credit
/// awards again or lose balances without a single error, so the layout a deployment started with is recorded in its
/// storage and a silo configured otherwise refuses to start.
/// </summary>
public sealed record LedgerLayout(JournalStorage JournalStorage, int AwardJournals, int AccountTableShards, int AccountPartitions)
{
    private const string PartitionKey = "ledger";
    private const string RowKey = "layout";

    /// <summary>The layout <paramref name="options"/> configure (0 and 1 account tables both mean one table).</summary>
    public static LedgerLayout Of(LedgerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(options.JournalStorage, options.AwardJournals, Math.Max(1, options.AccountTableShards), options.AccountPartitions);
    }

    /// <summary>The table holding the record: named after the account tables, the data the layout decides the places of.</summary>
    public static string TableName(LedgerOptions options) => options.AccountTable + "layout";

    /// <summary>
    /// The layout recorded in <paramref name="table"/>; on storage holding none yet, records <paramref name="configured"/>
    /// when <paramref name="record"/> is set (a silo: the first start of a deployment, or the first since the record was
    /// introduced), and returns <paramref name="configured"/> either way. Throws <see cref="InvalidOperationException"/>
    /// naming each setting that differs from the record. Two silos starting at once on new storage with different layouts:
    /// one records its layout, the other finds it and is refused.
    /// </summary>
    public static async Task<LedgerLayout> EnsureAsync(TableClient table, LedgerLayout configured, bool record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(configured);
        var stored = await ReadAsync(table, cancellationToken);
        if (stored is null)
        {
            if (!record)
            {
                return configured;
            }

            try
            {
                await table.AddEntityAsync(configured.ToEntity(), cancellationToken);
                return configured;
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                stored = await ReadAsync(table, cancellationToken)
                    ?? throw new InvalidOperationException($"The ledger layout in table {table.Name} was reported written and cannot be read.", ex);
            }
        }

        stored.EnsureMatches(configured, table.Name);
        return stored;
    }

    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> naming each setting of <paramref name="configured"/> that differs from
    /// this recorded layout (kept in table <paramref name="tableName"/>).
    /// </summary>
    public void EnsureMatches(LedgerLayout configured, string tableName)
    {
        ArgumentNullException.ThrowIfNull(configured);
        var differences = Differences(configured);
        if (differences.Count > 0)
        {
            throw new InvalidOperationException(
                $"This storage was set up with {string.Join(", ", differences.Select(d => $"Ledger:{d.Setting} = {d.Recorded}"))} " +
                $"(recorded in table {tableName}), and this process is configured with {string.Join(", ", differences.Select(d => $"Ledger:{d.Setting} = {d.Configured}"))}. " +
                "These settings are fixed for a deployment: with others, retries of earlier awards would be credited again and " +
                "accounts or journal pages would not be found. Configure the recorded values, or use new storage.");
        }
    }

    /// <summary>The recorded layout, or null when storage holds none (or not even the table).</summary>
    public static async Task<LedgerLayout?> ReadAsync(TableClient table, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        try
        {
            var response = await table.GetEntityIfExistsAsync<TableEntity>(PartitionKey, RowKey, cancellationToken: cancellationToken);
            return response.HasValue ? FromEntity(response.Value!) : null;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null; // the table itself does not exist
        }
    }

    private IReadOnlyList<(string Setting, string Recorded, string Configured)> Differences(LedgerLayout configured)
    {
        var differences = new List<(string, string, string)>();
        void Compare<T>(string setting, T recorded, T current)
            where T : notnull
        {
            if (!EqualityComparer<T>.Default.Equals(recorded, current))
            {
                differences.Add((setting, Format(recorded), Format(current)));
            }
        }

        Compare(nameof(LedgerOptions.JournalStorage), JournalStorage, configured.JournalStorage);
        Compare(nameof(LedgerOptions.AwardJournals), AwardJournals, configured.AwardJournals);
        Compare(nameof(LedgerOptions.AccountTableShards), AccountTableShards, configured.AccountTableShards);
        Compare(nameof(LedgerOptions.AccountPartitions), AccountPartitions, configured.AccountPartitions);
        return differences;
    }

    private static string Format(object value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";

    private TableEntity ToEntity() => new(PartitionKey, RowKey)
    {
        [nameof(JournalStorage)] = JournalStorage.ToString(),
        [nameof(AwardJournals)] = AwardJournals,
        [nameof(AccountTableShards)] = AccountTableShards,
        [nameof(AccountPartitions)] = AccountPartitions,
    };

    private static LedgerLayout FromEntity(TableEntity entity)
    {
        int Number(string name) => entity.GetInt32(name) ?? throw new InvalidOperationException($"The ledger layout record has no {name}.");
        var storage = entity.GetString(nameof(JournalStorage));
        return new LedgerLayout(
            Enum.TryParse<JournalStorage>(storage, out var parsed) && Enum.IsDefined(parsed) ? parsed
                : throw new InvalidOperationException($"The ledger layout record names an unknown journal storage '{storage}'."),
            Number(nameof(AwardJournals)), Number(nameof(AccountTableShards)), Number(nameof(AccountPartitions)));
    }
}
