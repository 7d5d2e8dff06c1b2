using System.Text.Json;
using Cxmpute.Abstractions;

namespace Cxmpute.Api.Validation;

/// <summary>Validates one award object of the contract and turns it into an <see cref="AwardRequest"/>.</summary>
public static class AwardValidator
{
    public const int MaxModelLength = 128;
    public static readonly TimeSpan MaxFuture = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MaxPast = TimeSpan.FromDays(30);

    private static readonly HashSet<string> Known =
        ["awardId", "service", "userId", "providerId", "model", "tokens", "latencyMs", "occurredAt"];

    /// <summary>Returns the award, or null with every bad field recorded in <paramref name="errors"/>.</summary>
    public static AwardRequest? Validate(JsonElement element, DateTimeOffset now, FieldErrors errors, string self = "body")
    {
        ArgumentNullException.ThrowIfNull(errors);
        var fields = JsonFields.Read(element, Known, errors, self);
        if (fields is null)
        {
            return null;
        }

        var awardId = fields.String("awardId", required: true, AwardIds.MaxLength);
        if (awardId is not null && !AwardIds.IsValid(awardId))
        {
            errors.Add("awardId", "Must be 1-128 of [A-Za-z0-9._:-].");
        }

        var service = Service(fields.String("service", required: true, 64), errors);
        var userId = fields.String("userId", required: false, AccountKind.MaxIdLength);
        var providerId = fields.String("providerId", required: false, AccountKind.MaxIdLength);
        CheckAccounts(fields, userId, providerId, errors);

        var model = fields.String("model", required: false, MaxModelLength);
        if (model is not null && (model.Length == 0 || model.Any(char.IsControl)))
        {
            errors.Add("model", "Must be 1-128 characters without control characters.");
        }
        else if (model is null && providerId is not null && !errors.Has("model"))
        {
            errors.Add("model", "Required when providerId is given.");
        }

        var tokens = fields.Int32("tokens", min: 0);
        var latencyMs = fields.Int32("latencyMs", min: 0);
        var occurredAt = fields.Timestamp("occurredAt");
        CheckWindow(occurredAt, now, errors);

        return errors.Any
            ? null
            : new AwardRequest(awardId!, service!, userId, providerId, model, tokens ?? 0, latencyMs, occurredAt);
    }

    private static string? Service(string? name, FieldErrors errors)
    {
        if (name is null)
        {
            return null;
        }

        if (ServiceNames.TryCanonicalize(name, out var canonical))
        {
            return canonical;
        }

        errors.Add("service", "Must be one of chat, embeddings, tts, scrape (or /chat/completions, /embeddings, /tts, /scrape).");
        return null;
    }

    private static void CheckAccounts(JsonFields fields, string? userId, string? providerId, FieldErrors errors)
    {
        if (userId is not null)
        {
            AccountKind.User.Check(userId, errors);
        }

        if (providerId is not null)
        {
            AccountKind.Provider.Check(providerId, errors);
        }

        if (!fields.Has("userId") && !fields.Has("providerId"))
        {
            errors.Add("userId", "At least one of userId and providerId is required.");
            errors.Add("providerId", "At least one of userId and providerId is required.");
        }
    }

    private static void CheckWindow(DateTimeOffset? occurredAt, DateTimeOffset now, FieldErrors errors)
    {
        if (occurredAt > now + MaxFuture)
        {
            errors.Add("occurredAt", "Must be at most 5 minutes in the future.");
        }
        else if (occurredAt < now - MaxPast)
        {
            errors.Add("occurredAt", "Must be at most 30 days in the past.");
        }
    }
}
