using System.Globalization;
using System.Text.Json;
using Cxmpute.Abstractions;

namespace Cxmpute.Api.Validation;

/// <summary>Validation of the small request bodies and query strings.</summary>
public static class RequestValidators
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
    public const int MaxCursorLength = 1024;
    public const decimal MaxVramGb = 1_000_000m;

    private static readonly HashSet<string> ProviderFields = ["vramGb"];
    private static readonly HashSet<string> ReferralFields = ["referralCode"];
    private static readonly HashSet<string> NoFields = [];

    /// <summary><c>{"vramGb": number &gt; 0}</c>.</summary>
    public static decimal? VramGb(JsonElement? body, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (body is not { } element)
        {
            errors.Add("vramGb", "Required.");
            return null;
        }

        var vram = JsonFields.Read(element, ProviderFields, errors, "body")?.Decimal("vramGb", required: true);
        if (vram is <= 0 or > MaxVramGb)
        {
            errors.Add("vramGb", $"Must be a number greater than 0 and at most {MaxVramGb.ToString(CultureInfo.InvariantCulture)}.");
            return null;
        }

        return vram;
    }

    /// <summary><c>{"referralCode": "usr_…" | "prov_…"}</c>.</summary>
    public static string? ReferralCode(JsonElement? body, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (body is not { } element)
        {
            errors.Add("referralCode", "Required.");
            return null;
        }

        var code = JsonFields.Read(element, ReferralFields, errors, "body")?.String("referralCode", required: true, AccountKind.MaxIdLength);
        if (code is not null && !AccountIds.IsValid(code))
        {
            errors.Add("referralCode", "Must be an account id: usr_ or prov_ followed by 1-64 of [A-Za-z0-9_-].");
            return null;
        }

        return code;
    }

    /// <summary>An empty body or <c>{}</c>.</summary>
    public static void EmptyObject(JsonElement? body, FieldErrors errors)
    {
        if (body is { } element)
        {
            JsonFields.Read(element, NoFields, errors, "body");
        }
    }

    /// <summary>The page size of a history query: 1–1000, default 100.</summary>
    public static int Limit(string? limit, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (limit is null)
        {
            return DefaultLimit;
        }

        if (int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= MaxLimit)
        {
            return value;
        }

        errors.Add("limit", $"Must be an integer from 1 to {MaxLimit}.");
        return DefaultLimit;
    }

    public static string? Cursor(string? cursor, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (cursor is { Length: > MaxCursorLength })
        {
            errors.Add("cursor", $"Must be at most {MaxCursorLength} characters.");
            return null;
        }

        return string.IsNullOrEmpty(cursor) ? null : cursor;
    }
}
