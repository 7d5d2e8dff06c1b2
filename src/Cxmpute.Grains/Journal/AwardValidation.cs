using System.Text.RegularExpressions;
using Cxmpute.Abstractions;
using Cxmpute.Rewards;

namespace Cxmpute.Grains.Journal;

/// <summary>The award rules the journal enforces itself, whoever the caller (HTTP front end, load tool, another grain).</summary>
public static partial class AwardValidation
{
    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$", RegexOptions.CultureInvariant)]
    public static partial Regex AwardIdPattern();

    public const int MaxModelLength = 128;

    /// <summary>Returns the first problem of the request, or null when it is valid; <paramref name="service"/> is the parsed service.</summary>
    public static LedgerError? Validate(AwardRequest request, DateTimeOffset now, LedgerOptions options, out ServiceKind service)
    {
        service = default;
        if (request.AwardId is null || !AwardIdPattern().IsMatch(request.AwardId))
        {
            return Invalid("awardId", "awardId must be 1-128 characters of A-Z a-z 0-9 . _ : -");
        }

        if (request.Service is null || !WireNames.TryParseService(request.Service, out service))
        {
            return Invalid("service", "service must be chat, embeddings, tts or scrape");
        }

        if (request.UserId is null && request.ProviderId is null)
        {
            return Invalid("userId", "an award needs a userId, a providerId or both");
        }

        if (request.UserId is not null && !AccountIds.IsUser(request.UserId))
        {
            return Invalid("userId", "userId must be usr_ followed by 1-64 of A-Z a-z 0-9 _ -");
        }

        if (request.ProviderId is not null && !AccountIds.IsProvider(request.ProviderId))
        {
            return Invalid("providerId", "providerId must be prov_ followed by 1-64 of A-Z a-z 0-9 _ -");
        }

        if (request.ProviderId is not null && string.IsNullOrWhiteSpace(request.Model))
        {
            return Invalid("model", "model is required when providerId is given");
        }

        if (request.Model is { Length: > MaxModelLength })
        {
            return Invalid("model", $"model must be at most {MaxModelLength} characters");
        }

        if (request.Tokens < 0)
        {
            return Invalid("tokens", "tokens must be between 0 and 2147483647");
        }

        if (request.LatencyMs < 0)
        {
            return Invalid("latencyMs", "latencyMs must be 0 or more");
        }

        if (request.OccurredAt is { } at && (at > now + options.MaxFutureSkew || at < now - options.MaxAge))
        {
            return Invalid("occurredAt", "occurredAt must be at most 5 minutes in the future and at most 30 days in the past");
        }

        return null;
    }

    private static LedgerError Invalid(string field, string detail) => new(ErrorCodes.ValidationFailed, detail, field);
}
