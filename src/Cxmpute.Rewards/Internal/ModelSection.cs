namespace Cxmpute.Rewards.Internal;

/// <summary>Reads <c>models</c> (the model table) and <c>defaultModel</c> (the entry for unknown models).</summary>
internal static class ModelSection
{
    public static ModelInfo[]? ReadModels(JsonObjectReader root)
    {
        if (root.Array("models") is not { } items)
        {
            return null;
        }

        var models = new List<ModelInfo>();
        var firstByName = new Dictionary<string, (int Index, string Name)>(StringComparer.OrdinalIgnoreCase);
        var ok = true;
        for (var i = 0; i < items.Count; i++)
        {
            if (JsonObjectReader.Open(items[i], $"models[{i}]", root.Errors) is not { } entry)
            {
                ok = false;
                continue;
            }

            var name = ReadName(entry, i, firstByName);
            var tier = ReadTier(entry);
            var complexity = entry.Decimal("complexity");
            entry.RejectUnknown();
            if (name is null || tier is not { } t || complexity is not { } c)
            {
                ok = false;
                continue;
            }

            models.Add(new ModelInfo(name, t, c, IsDefault: false));
        }

        return ok ? [.. models] : null;
    }

    public static ModelInfo? ReadDefault(JsonObjectReader root)
    {
        if (root.Object("defaultModel", "defaultModel") is not { } entry)
        {
            return null;
        }

        var tier = ReadTier(entry);
        var complexity = entry.Decimal("complexity");
        entry.RejectUnknown();
        return tier is { } t && complexity is { } c ? new ModelInfo("(default)", t, c, IsDefault: true) : null;
    }

    private static string? ReadName(JsonObjectReader entry, int index, Dictionary<string, (int Index, string Name)> firstByName)
    {
        if (entry.String("name") is not { } name)
        {
            return null;
        }

        entry.Relabel($"models[{index}] '{name}'");
        if (name.Trim() != name)
        {
            entry.Error("'name' must not start or end with white space");
            return null;
        }

        if (firstByName.TryGetValue(name, out var first))
        {
            entry.Error($"duplicate model name (case-insensitive) of models[{first.Index}] '{first.Name}'");
            return null;
        }

        firstByName.Add(name, (index, name));
        return name;
    }

    private static Tier? ReadTier(JsonObjectReader entry)
    {
        if (entry.String("tier") is not { } name)
        {
            return null;
        }

        if (WireNames.TryParseTier(name, out var tier))
        {
            return tier;
        }

        entry.Error($"unknown tier '{name}' (expected one of: {string.Join(", ", WireNames.AllTiers)})");
        return null;
    }
}
