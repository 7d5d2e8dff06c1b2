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

    private const int MaxNameLength = 63;

    /// <summary>What is wrong with <paramref name="options"/>, one line per setting; empty when they are usable.</summary>
    public static IReadOnlyList<string> Problems(LedgerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();

        AtLeast(nameof(LedgerOptions.AwardJournals), options.AwardJournals, 1);
        AtLeast(nameof(LedgerOptions.MaxGroupSize), options.MaxGroupSize, 1);
        AtLeast(nameof(LedgerOptions.JournalPageCapacity), options.JournalPageCapacity, 1);
        AtLeast(nameof(LedgerOptions.LedgerPageSize), options.LedgerPageSize, 1);
        AtLeast(nameof(LedgerOptions.MaxPendingDeliveries), options.MaxPendingDeliveries, 1);
        AtLeast(nameof(LedgerOptions.FanOutParallelism), options.FanOutParallelism, 1);
        AtLeast(nameof(LedgerOptions.CheckpointParallelism), options.CheckpointParallelism, 1);
        AtLeast(nameof(LedgerOptions.StorageRetries), options.StorageRetries, 0);
        AtLeast(nameof(LedgerOptions.AccountTableShards), options.AccountTableShards, 0);
        AtLeast(nameof(LedgerOptions.AccountPartitions), options.AccountPartitions, 1);
        AtLeast(nameof(LedgerOptions.MaxConcurrentAccountWrites), options.MaxConcurrentAccountWrites, 1);
        if (options.MaxWriteBatch is < 1 or > MaxTransactionSize)
        {
            problems.Add($"Ledger:MaxWriteBatch is {options.MaxWriteBatch}; it must be from 1 to {MaxTransactionSize} (Azure Table storage's limit for one transaction)");
        }

        Positive(nameof(LedgerOptions.CheckpointInterval), options.CheckpointInterval);
        Positive(nameof(LedgerOptions.MaxAge), options.MaxAge);
        Positive(nameof(LedgerOptions.AccountIdleTime), options.AccountIdleTime);
        Positive(nameof(LedgerOptions.SubmitTimeout), options.SubmitTimeout);
        Positive(nameof(LedgerOptions.StorageTimeout), options.StorageTimeout);
        NotNegative(nameof(LedgerOptions.AccountFlushDelay), options.AccountFlushDelay);
        NotNegative(nameof(LedgerOptions.MaxFutureSkew), options.MaxFutureSkew);
        NotNegative(nameof(LedgerOptions.LookupWait), options.LookupWait);
        NotNegative(nameof(LedgerOptions.MaxThrottleDelay), options.MaxThrottleDelay);
        if (options.IdempotencyRetention < options.MaxAge + options.MaxFutureSkew)
        {
            // An award is accepted up to MaxAge after it occurred, and it may have occurred up to MaxFutureSkew after it
            // was journaled: its retries must find it for that long.
            problems.Add($"Ledger:IdempotencyRetention is {options.IdempotencyRetention}; it must be at least Ledger:MaxAge + Ledger:MaxFutureSkew ({options.MaxAge + options.MaxFutureSkew}), or a retry of an award still accepted would be credited again");
        }

        if (!string.IsNullOrWhiteSpace(options.StorageConnectionString))
        {
            if (options.JournalStorage == JournalStorage.Blob)
            {
                ContainerName(nameof(LedgerOptions.JournalTable), options.JournalTable);
            }
            else
            {
                TableName(nameof(LedgerOptions.JournalTable), options.JournalTable, options.JournalTable);
            }

            TableName(nameof(LedgerOptions.CheckpointTable), options.CheckpointTable, options.CheckpointTable);
            foreach (var table in options.AccountTables().Append(LedgerLayout.TableName(options)))
            {
                if (!TableName(nameof(LedgerOptions.AccountTable), options.AccountTable, table))
                {
                    break; // one line for the setting, naming the first table it makes invalid
                }
            }
        }

        return problems;

        void AtLeast(string name, int value, int least)
        {
            if (value < least)
            {
                problems.Add($"Ledger:{name} is {value}; it must be at least {least}");
            }
        }

        void Positive(string name, TimeSpan value)
        {
            if (value <= TimeSpan.Zero)
            {
                problems.Add($"Ledger:{name} is {value}; it must be longer than zero");
            }
        }

        void NotNegative(string name, TimeSpan value)
        {
            if (value < TimeSpan.Zero)
            {
                problems.Add($"Ledger:{name} is {value}; it must not be negative");
            }
        }

        bool TableName(string setting, string? value, string? table)
        {
            if (table is { Length: >= 3 and <= MaxNameLength } && char.IsAsciiLetter(table[0]) && table.All(char.IsAsciiLetterOrDigit))
            {
                return true;
            }

            var made = table == value ? string.Empty : $", which makes table '{table}'";
            problems.Add($"Ledger:{setting} is '{value}'{made}; an Azure table name is 3 to {MaxNameLength} letters and digits starting with a letter");
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
