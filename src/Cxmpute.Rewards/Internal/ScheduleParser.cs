using System.Text.Json;

namespace Cxmpute.Rewards.Internal;

/// <summary>Parses and validates the schedule JSON, reporting every problem at once.</summary>
internal static class ScheduleParser
{
    private const int MaxVersionLength = 64;

    public static ScheduleDefinition Parse(string json, string? path)
    {
        var errors = new ScheduleErrors();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            errors.Add("schedule", $"is not valid JSON: {ex.Message}");
            throw errors.ToException(path);
        }

        using (document)
        {
            var definition = Read(document.RootElement, errors) ?? throw errors.ToException(path);
            PrecisionValidator.Check(definition, errors);
            return errors.Any ? throw errors.ToException(path) : definition;
        }
    }

    private static ScheduleDefinition? Read(JsonElement rootElement, ScheduleErrors errors)
    {
        if (JsonObjectReader.Open(rootElement, "schedule", errors) is not { } root)
        {
            return null;
        }

        var version = ReadVersion(root);
        var tiers = TierSection.Read(root);
        var models = ModelSection.ReadModels(root);
        var defaultModel = ModelSection.ReadDefault(root);
        var services = ServiceSection.ReadServices(root);
        var userPoints = ServiceSection.ReadUserPoints(root);
        var performance = PerformanceSection.Read(root);
        var referrals = ReferralSection.Read(root);
        root.RejectUnknown("$schema");

        if (errors.Any || version is null || tiers is null || models is null || defaultModel is null
            || services is null || userPoints is null || performance is null || referrals is null)
        {
            return null;
        }

        return new ScheduleDefinition(version, tiers, models, defaultModel, services, userPoints, performance, referrals);
    }

    private static string? ReadVersion(JsonObjectReader root)
    {
        if (root.String("version") is not { } version)
        {
            return null;
        }

        if (version.Length > MaxVersionLength || !version.All(c => c is > ' ' and <= '~'))
        {
            root.Error($"'version' must be 1-{MaxVersionLength} printable ASCII characters without spaces (was '{version}')");
            return null;
        }

        return version;
    }
}
