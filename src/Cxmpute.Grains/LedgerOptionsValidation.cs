using Cxmpute.Grains.Storage;
using Microsoft.Extensions.Options;

namespace Cxmpute.Grains;

/// <summary>
/// Checks <see cref="LedgerOptions"/> before a silo (or the audit) uses them, so that a mistyped setting stops it at
/// start with the setting's name instead of surfacing later as a division by zero, a storage request Azure refuses or a
/// journal that never checkpoints.
/// </summary>
public static class LedgerOptionsValidation
{
    /// <summary>Azure Table storage allows at most 100 operations in one entity transaction.</summary>
    public const int MaxTransactionSize = 100;

    /// <summary>
    /// Most awards in one group. A group is written as one journal page whatever its size, and a page must stay well
    /// inside one table entity (1 MiB; about 130 bytes per compressed award).
    /// </summary>
    public const int MaxGroupSize = 2048;

    /// <summary>
    /// Most credits on one ledger page. A sealed page is one table row, and up to <see cref="MaxTransactionSize"/> rows go
    /// in one transaction, whose payload Azure caps at 4 MiB (base64 included).
    /// </summary>
    public const int MaxLedgerPageSize = 256;

    private const int MaxNameLength = 63;

    /// <summary>The longest wait a timer or <see cref="Task.Delay(TimeSpan)"/> accepts (about 49.7 days).</summary>
    private static readonly TimeSpan MaxTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>Orleans refuses a grain class's collection age at or below its collection quantum (1 minute).</summary>
    private static readonly TimeSpan CollectionQuantum = TimeSpan.FromMinutes(1);

    /// <summary>What is wrong with <paramref name="options"/>, one line per setting; empty when they are usable.</summary>
    public static IReadOnlyList<string> Problems(LedgerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();

        Within(nameof(LedgerOptions.MaxGroupSize), options.MaxGroupSize, 1, MaxGroupSize, "the largest group one journal page holds");
        Within(nameof(LedgerOptions.JournalPageCapacity), options.JournalPageCapacity, 1, int.MaxValue, null);
        Within(nameof(LedgerOptions.LedgerPageSize), options.LedgerPageSize, 1, MaxLedgerPageSize, "so that a transaction of sealed pages stays inside Azure's 4 MiB");
        Within(nameof(LedgerOptions.MaxPendingDeliveries), options.MaxPendingDeliveries, 1, int.MaxValue / 2, "a journal waits for its checkpoint at twice this many");
        Within(nameof(LedgerOptions.FanOutParallelism), options.FanOutParallelism, 1, int.MaxValue, null);
        Within(nameof(LedgerOptions.CheckpointParallelism), options.CheckpointParallelism, 1, int.MaxValue, null);
        Within(nameof(LedgerOptions.StorageRetries), options.StorageRetries, 0, int.MaxValue, null);
        Within(nameof(LedgerOptions.AccountPartitions), options.AccountPartitions, 1, int.MaxValue, null);
        Within(nameof(LedgerOptions.MaxConcurrentAccountWrites), options.MaxConcurrentAccountWrites, 1, int.MaxValue, null);
        Within(nameof(LedgerOptions.MaxWriteBatch), options.MaxWriteBatch, 2, MaxTransactionSize, "Azure Table storage's limit for one transaction");

        // Waits (timers, Task.Delay) also have an upper bound; MaxAge, MaxFutureSkew and AccountIdleTime are not waited on.
        Span(nameof(LedgerOptions.CheckpointInterval), options.CheckpointInterval, zero: false, MaxTimer);
        Span(nameof(LedgerOptions.SubmitTimeout), options.SubmitTimeout, zero: false, MaxTimer);
        Span(nameof(LedgerOptions.StorageTimeout), options.StorageTimeout, zero: false, MaxTimer);
        Span(nameof(LedgerOptions.AccountFlushDelay), options.AccountFlushDelay, zero: true, MaxTimer);
        Span(nameof(LedgerOptions.LookupWait), options.LookupWait, zero: true, MaxTimer);
        Span(nameof(LedgerOptions.MaxThrottleDelay), options.MaxThrottleDelay, zero: true, MaxTimer);
        Span(nameof(LedgerOptions.MaxAge), options.MaxAge, zero: false, TimeSpan.MaxValue);
        Span(nameof(LedgerOptions.MaxFutureSkew), options.MaxFutureSkew, zero: true, TimeSpan.MaxValue);
        if (options.AccountIdleTime <= CollectionQuantum)
        {
            problems.Add($"Ledger:AccountIdleTime is {options.AccountIdleTime}; it must be longer than {CollectionQuantum} (Orleans' collection quantum)");
        }

        problems.AddRange(StorageProblems(options));
        if (options.IdempotencyRetention < options.MaxAge + options.MaxFutureSkew)
        {
            // An award is accepted up to MaxAge after it occurred, and it may have occurred up to MaxFutureSkew after it
            // was journaled: its retries must find it for that long.
            problems.Add($"Ledger:IdempotencyRetention is {options.IdempotencyRetention}; it must be at least Ledger:MaxAge + Ledger:MaxFutureSkew ({options.MaxAge + options.MaxFutureSkew}), or a retry of an award still accepted would be credited again");
        }

        return problems;

        void Within(string name, int value, int least, int most, string? why)
        {
            if (value < least || value > most)
            {
                var range = most == int.MaxValue ? $"at least {least}" : $"from {least} to {most}";
                problems.Add($"Ledger:{name} is {value}; it must be {range}" + (why is null ? string.Empty : $" ({why})"));
            }
        }

        void Span(string name, TimeSpan value, bool zero, TimeSpan most)
        {
            if (value < TimeSpan.Zero || (!zero && value == TimeSpan.Zero))
            {
                problems.Add($"Ledger:{name} is {value}; it must " + (zero ? "not be negative" : "be longer than zero"));
            }
            else if (value > most)
            {
                problems.Add($"Ledger:{name} is {value}; it must be at most {most} (the longest wait .NET timers take)");
            }
        }
    }

    /// <summary>
    /// The part of <see cref="Problems"/> about where the data is: the journal and table counts and, with storage
    /// configured, the names of the tables and the container. What the audit, which reads only these settings, checks.
    /// </summary>
    public static IReadOnlyList<string> StorageProblems(LedgerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.AwardJournals < 1)
        {
            problems.Add($"Ledger:AwardJournals is {options.AwardJournals}; it must be at least 1");
        }

        if (options.AccountTableShards < 0)
        {
            problems.Add($"Ledger:AccountTableShards is {options.AccountTableShards}; it must be at least 0");
        }

        if (!string.IsNullOrWhiteSpace(options.StorageConnectionString))
        {
            if (options.JournalStorage == JournalStorage.Blob)
            {
                ContainerName(nameof(LedgerOptions.JournalTable), options.JournalTable);
                ContainerName(nameof(LedgerOptions.LedgerSegments), options.LedgerSegments);
                if (string.Equals(options.JournalTable, options.LedgerSegments, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"Ledger:JournalTable and Ledger:LedgerSegments both make container '{options.LedgerSegments}'; each needs a container of its own");
                }
            }
            else
            {
                TableName(nameof(LedgerOptions.JournalTable), options.JournalTable, options.JournalTable);
                TableName(nameof(LedgerOptions.LedgerSegments), options.LedgerSegments, options.LedgerSegments);
            }

            TableName(nameof(LedgerOptions.CheckpointTable), options.CheckpointTable, options.CheckpointTable);
            var accountTables = options.AccountTables().Append(LedgerLayout.TableName(options)).ToList();
            foreach (var table in accountTables)
            {
                if (!TableName(nameof(LedgerOptions.AccountTable), options.AccountTable, table))
                {
                    break; // one line for the setting, naming the first table it makes invalid
                }
            }

            // Table names are case-insensitive: two settings naming one table would mix their rows.
            var tables = accountTables.Select(t => (Setting: nameof(LedgerOptions.AccountTable), Table: t)).ToList();
            tables.Add((nameof(LedgerOptions.CheckpointTable), options.CheckpointTable));
            if (options.JournalStorage == JournalStorage.Table)
            {
                tables.Add((nameof(LedgerOptions.JournalTable), options.JournalTable));
                tables.Add((nameof(LedgerOptions.LedgerSegments), options.LedgerSegments));
            }

            foreach (var shared in tables.GroupBy(t => t.Table, StringComparer.OrdinalIgnoreCase).Where(g => g.Select(t => t.Setting).Distinct().Count() > 1))
            {
                problems.Add($"Ledger:{string.Join(" and Ledger:", shared.Select(t => t.Setting).Distinct())} both make table '{shared.Key}'; each needs tables of its own");
            }
        }

        return problems;

        bool TableName(string setting, string? value, string? table)
        {
            if (table is { Length: >= 3 and <= MaxNameLength } && char.IsAsciiLetter(table[0]) && table.All(char.IsAsciiLetterOrDigit)
                && !string.Equals(table, "tables", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            var made = table == value ? string.Empty : $", which makes table '{table}'";
            problems.Add($"Ledger:{setting} is '{value}'{made}; an Azure table name is 3 to {MaxNameLength} letters and digits starting with a letter, and not 'tables'");
            return false;
        }

        void ContainerName(string setting, string? value)
        {
            var container = value?.ToLowerInvariant() ?? string.Empty;
            if (container is { Length: >= 3 and <= MaxNameLength }
                && char.IsAsciiLetterOrDigit(container[0]) && char.IsAsciiLetterOrDigit(container[^1])
                && container.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
                && !container.Contains("--", StringComparison.Ordinal))
            {
                return;
            }

            problems.Add($"Ledger:{setting} is '{value}'; with Ledger:JournalStorage Blob it names a blob container, which is 3 to {MaxNameLength} lowercase letters, digits and single hyphens, starting and ending with a letter or digit");
        }
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every problem of <paramref name="options"/>.</summary>
    public static void EnsureValid(LedgerOptions options)
    {
        if (Problems(options) is { Count: > 0 } problems)
        {
            throw new OptionsValidationException(LedgerOptions.SectionName, typeof(LedgerOptions), problems);
        }
    }
}
