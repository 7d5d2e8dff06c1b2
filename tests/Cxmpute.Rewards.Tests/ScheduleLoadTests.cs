using Cxmpute.Rewards;

namespace Cxmpute.Rewards.Tests;

public sealed class ScheduleLoadTests
{
    [Fact]
    public void Real_schedule_loads_with_its_version()
    {
        Assert.Equal("2026-11-27.1", TestSchedule.Real.Version);
        Assert.Equal(4, TestSchedule.Real.Tiers.Count);
        Assert.Equal(7, TestSchedule.Real.Models.Count);
    }

    [Fact]
    public void Invalid_file_is_refused_with_its_path_in_the_message()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rewards-schedule-{Guid.NewGuid():N}.json");
        var json = TestSchedule.Json();
        json.Remove("version");
        File.WriteAllText(path, json.ToJsonString());
        try
        {
            var ex = Assert.Throws<ScheduleValidationException>(() => RewardSchedule.Load(path));

            Assert.Contains(path, ex.Message, StringComparison.Ordinal);
            Assert.Equal(path, ex.SchedulePath);
            Assert.Contains("'version' is required", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Missing_file_is_an_io_error_naming_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.json");

        var ex = Assert.Throws<FileNotFoundException>(() => RewardSchedule.Load(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_errors_have_no_path()
    {
        var ex = Assert.Throws<ScheduleValidationException>(() => RewardSchedule.Parse("{"));

        Assert.Null(ex.SchedulePath);
        Assert.Contains("not valid JSON", ex.Message, StringComparison.Ordinal);
    }
}
