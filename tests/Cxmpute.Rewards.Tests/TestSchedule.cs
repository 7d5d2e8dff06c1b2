using System.Text.Json.Nodes;
using Cxmpute.Rewards;

namespace Cxmpute.Rewards.Tests;

/// <summary>The real schedule (silo-config/rewards-schedule.json, copied next to the tests) and modified copies of it.</summary>
internal static class TestSchedule
{
    private static readonly Lazy<RewardSchedule> RealSchedule = new(() => RewardSchedule.Load(FilePath));

    public static string FilePath => Path.Combine(AppContext.BaseDirectory, RewardSchedule.DefaultFileName);

    public static RewardSchedule Real => RealSchedule.Value;

    /// <summary>The real schedule's JSON as a mutable tree.</summary>
    public static JsonObject Json() => JsonNode.Parse(File.ReadAllText(FilePath))!.AsObject();

    /// <summary>Parses the real schedule after <paramref name="change"/>.</summary>
    public static RewardSchedule With(Action<JsonObject> change)
    {
        var json = Json();
        change(json);
        return RewardSchedule.Parse(json.ToJsonString());
    }

    /// <summary>Asserts that the real schedule after <paramref name="change"/> is refused, and returns why.</summary>
    public static ScheduleValidationException Refused(Action<JsonObject> change) =>
        Assert.Throws<ScheduleValidationException>(() => With(change));

    public static JsonObject Entry(this JsonObject json, string array, int index) => json[array]![index]!.AsObject();
}
