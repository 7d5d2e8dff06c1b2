using System.Globalization;
using System.Text.Json;

namespace Cxmpute.Rewards.Internal;

/// <summary>
/// Reads the properties of one JSON object of the schedule, reporting every problem under the
/// object's <see cref="Label"/> (e.g. <c>tiers[1] 'blue-surge'</c>) instead of stopping at the first.
/// </summary>
internal sealed class JsonObjectReader
{
    private readonly Dictionary<string, JsonElement> _properties;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly ScheduleErrors _errors;

    private JsonObjectReader(Dictionary<string, JsonElement> properties, string label, ScheduleErrors errors)
    {
        _properties = properties;
        Label = label;
        _errors = errors;
    }

    public string Label { get; private set; }

    public ScheduleErrors Errors => _errors;

    /// <summary>Opens <paramref name="element"/> as an object, or reports that it is not one.</summary>
    public static JsonObjectReader? Open(JsonElement? element, string label, ScheduleErrors errors)
    {
        if (element is not { } e)
        {
            return null;
        }

        if (e.ValueKind != JsonValueKind.Object)
        {
            errors.Add(label, "must be a JSON object");
            return null;
        }

        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject())
        {
            if (!properties.TryAdd(p.Name, p.Value))
            {
                errors.Add(label, $"duplicate property '{p.Name}'");
            }
        }

        return new(properties, label, errors);
    }

    /// <summary>Adds detail to the label once an identifying property (a name) has been read.</summary>
    public void Relabel(string label) => Label = label;

    public void Error(string message) => _errors.Add(Label, message);

    public bool Has(string name) => _properties.ContainsKey(name);

    public JsonElement? Get(string name, bool required = true)
    {
        _read.Add(name);
        if (_properties.TryGetValue(name, out var value))
        {
            return value;
        }

        if (required)
        {
            Error($"'{name}' is required");
        }

        return null;
    }

    public string? String(string name)
    {
        if (Get(name) is not { } e)
        {
            return null;
        }

        if (e.ValueKind == JsonValueKind.String && e.GetString() is { Length: > 0 } s)
        {
            return s;
        }

        Error($"'{name}' must be a non-empty string");
        return null;
    }

    public bool? Bool(string name)
    {
        if (Get(name) is not { } e)
        {
            return null;
        }

        if (e.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return e.GetBoolean();
        }

        Error($"'{name}' must be true or false");
        return null;
    }

    public int? NonNegativeInt(string name)
    {
        if (Get(name) is not { } e)
        {
            return null;
        }

        if (e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var value) && value >= 0)
        {
            return value;
        }

        Error($"'{name}' must be a whole number from 0 to {int.MaxValue} (was {e.GetRawText()})");
        return null;
    }

    /// <summary>Reads a non-negative exact decimal, at most <paramref name="max"/> when given.</summary>
    public decimal? Decimal(string name, decimal? max = null, bool required = true) =>
        Get(name, required) is { } e ? ReadDecimal(e, $"'{name}'", max) : null;

    /// <summary>Reads a non-negative exact decimal that is an array item or other value.</summary>
    public decimal? ReadDecimal(JsonElement e, string what, decimal? max = null)
    {
        if (e.ValueKind != JsonValueKind.Number)
        {
            Error($"{what} must be a number (was {e.GetRawText()})");
            return null;
        }

        var raw = e.GetRawText();
        if (!e.TryGetDecimal(out var value)
            || !ExactDecimal.TryParseJsonNumber(raw, out var exact)
            || !exact.SameValueAs(ExactDecimal.From(value)))
        {
            Error($"{what} cannot be represented exactly as a decimal (was {raw})");
            return null;
        }

        if (value < 0 || value > max)
        {
            var range = max is { } m ? $"must be between 0 and {m.ToString(CultureInfo.InvariantCulture)}" : "must not be negative";
            Error($"{what} {range} (was {raw})");
            return null;
        }

        return RewardSchedule.Normalize(value);
    }

    public IReadOnlyList<JsonElement>? Array(string name)
    {
        if (Get(name) is not { } e)
        {
            return null;
        }

        if (e.ValueKind == JsonValueKind.Array)
        {
            return [.. e.EnumerateArray()];
        }

        Error($"'{name}' must be a JSON array");
        return null;
    }

    public JsonObjectReader? Object(string name, string label) => Open(Get(name), label, _errors);

    /// <summary>Reports properties that were never read: most likely misspelt names.</summary>
    public void RejectUnknown(params string[] ignored)
    {
        foreach (var name in _properties.Keys)
        {
            if (!_read.Contains(name) && System.Array.IndexOf(ignored, name) < 0)
            {
                Error($"unknown property '{name}'");
            }
        }
    }
}
