using System.Text.Json;

namespace Cxmpute.Api.Validation;

/// <summary>
/// Reads the members of one JSON object by name with exact types, recording a message per bad field:
/// unknown and duplicate members are refused, and JSON <c>null</c> counts as absent.
/// </summary>
public sealed class JsonFields
{
    private const int MaxReportedNameLength = 64;
    private readonly Dictionary<string, JsonElement> values = new(StringComparer.Ordinal);
    private readonly FieldErrors errors;

    private JsonFields(FieldErrors errors) => this.errors = errors;

    /// <summary>Reads <paramref name="element"/> as an object whose members must be among <paramref name="known"/>.</summary>
    /// <returns>null (with an error on <paramref name="self"/>) when the element is not an object.</returns>
    public static JsonFields? Read(JsonElement element, IReadOnlySet<string> known, FieldErrors errors, string self)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(errors);
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(self, "Must be a JSON object.");
            return null;
        }

        var fields = new JsonFields(errors);
        foreach (var property in element.EnumerateObject())
        {
            if (!TryReadName(property, out var name))
            {
                errors.Add(InvalidName, "Field names must be valid text (an escaped lone UTF-16 surrogate is not).");
                continue;
            }

            if (!known.Contains(name))
            {
                errors.Add(Shorten(name), "Unknown field (field names are case-sensitive).");
            }
            else if (!fields.values.TryAdd(name, property.Value))
            {
                errors.Add(name, "Duplicate field.");
            }
        }

        return fields;
    }

    /// <summary>The field name reported for a member whose name is no valid text.</summary>
    public const string InvalidName = "\uFFFD";

    private static bool TryReadName(JsonProperty property, out string name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = InvalidName;
            return false;
        }
    }

    /// <summary>True when the member is present with a value other than <c>null</c>.</summary>
    public bool Has(string name) => values.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null;

    public bool TryGet(string name, out JsonElement value) =>
        values.TryGetValue(name, out value) && value.ValueKind != JsonValueKind.Null;

    public string? String(string name, bool required, int maxLength)
    {
        if (!TryGet(name, out var value))
        {
            if (required)
            {
                errors.Add(name, "Required.");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(name, "Must be a string.");
            return null;
        }

        string text;
        try
        {
            text = value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // Well-formed JSON can escape a lone UTF-16 surrogate ("\ud800"), which is no text at all.
            errors.Add(name, "Must be valid text (an escaped lone UTF-16 surrogate is not).");
            return null;
        }

        if (text.Length > maxLength)
        {
            errors.Add(name, $"Must be at most {maxLength} characters.");
            return null;
        }

        return text;
    }

    /// <summary>An integer in [<paramref name="min"/>, int.MaxValue] written without fraction or exponent; null when absent or bad.</summary>
    public int? Int32(string name, int min)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || value.GetRawText().AsSpan().IndexOfAny(".eE") >= 0)
        {
            errors.Add(name, "Must be an integer.");
            return null;
        }

        if (!value.TryGetInt64(out var number) || number > int.MaxValue || number < min)
        {
            errors.Add(name, $"Must be an integer from {min} to {int.MaxValue}.");
            return null;
        }

        return (int)number;
    }

    /// <summary>An exact decimal number; null when absent or bad.</summary>
    public decimal? Decimal(string name, bool required)
    {
        if (!TryGet(name, out var value))
        {
            if (required)
            {
                errors.Add(name, "Required.");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            errors.Add(name, "Must be a number.");
            return null;
        }

        if (!value.TryGetDecimal(out var number))
        {
            errors.Add(name, "Must be a number within the decimal range.");
            return null;
        }

        return number;
    }

    /// <summary>An ISO 8601 timestamp with an explicit offset (e.g. <c>Z</c>), converted to UTC; null when absent or bad.</summary>
    public DateTimeOffset? Timestamp(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || !value.TryGetDateTimeOffset(out var at) || !value.TryGetDateTime(out var local))
        {
            errors.Add(name, "Must be an ISO 8601 timestamp such as 2026-11-27T10:00:00Z.");
            return null;
        }

        if (local.Kind == DateTimeKind.Unspecified)
        {
            errors.Add(name, "Must carry a UTC offset (for example a trailing Z).");
            return null;
        }

        return at.ToUniversalTime();
    }

    private static string Shorten(string name) =>
        name.Length <= MaxReportedNameLength ? name : string.Concat(name.AsSpan(0, MaxReportedNameLength), "...");
}
