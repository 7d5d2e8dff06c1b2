using System.Text.Json;

namespace Cxmpute.Rewards.Internal;

/// <summary>
/// Reads an array of objects that each name one value of an enum (a tier, a service) in a key
/// property. Every value must appear exactly once; unknown names and duplicates are reported.
/// </summary>
internal static class KeyedEntries
{
    /// <returns>The entries indexed by enum value, or <see langword="null"/> after reporting a problem.</returns>
    public static T[]? Read<T>(
        JsonObjectReader parent,
        string arrayName,
        string keyProperty,
        IReadOnlyList<string> keyNames,
        Func<string, int> parseKey,
        Func<JsonObjectReader, int, T?> readEntry,
        out string?[] labels)
        where T : class
    {
        labels = new string?[keyNames.Count];
        if (parent.Array(arrayName) is not { } items)
        {
            return null;
        }

        var result = new T?[keyNames.Count];
        var ok = true;
        for (var i = 0; i < items.Count; i++)
        {
            ok &= ReadOne(parent.Errors, items[i], $"{arrayName}[{i}]", keyProperty, keyNames, parseKey, readEntry, result, labels);
        }

        for (var k = 0; k < keyNames.Count; k++)
        {
            if (labels[k] is null)
            {
                parent.Errors.Add(arrayName, $"missing {keyProperty} '{keyNames[k]}' (every {keyProperty} must be listed)");
                ok = false;
            }
        }

        return ok ? Array.ConvertAll(result, r => r!) : null;
    }

    private static bool ReadOne<T>(
        ScheduleErrors errors,
        JsonElement item,
        string label,
        string keyProperty,
        IReadOnlyList<string> keyNames,
        Func<string, int> parseKey,
        Func<JsonObjectReader, int, T?> readEntry,
        T?[] result,
        string?[] labels)
        where T : class
    {
        if (JsonObjectReader.Open(item, label, errors) is not { } entry || entry.String(keyProperty) is not { } name)
        {
            return false;
        }

        entry.Relabel($"{label} '{name}'");
        var key = parseKey(name);
        if (key < 0)
        {
            entry.Error($"unknown {keyProperty} '{name}' (expected one of: {string.Join(", ", keyNames)})");
            return false;
        }

        if (labels[key] is { } first)
        {
            entry.Error($"duplicate {keyProperty} '{keyNames[key]}', already given by {first}");
            return false;
        }

        labels[key] = entry.Label;
        result[key] = readEntry(entry, key);
        entry.RejectUnknown();
        return result[key] is not null;
    }
}
