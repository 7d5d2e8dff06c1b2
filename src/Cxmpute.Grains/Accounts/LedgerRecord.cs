using System.Text.Json.Serialization;

namespace Cxmpute.Grains.Accounts;

/// <summary>One credit of an account's audit trail, stored compactly.</summary>
public sealed class LedgerRecord
{
    [JsonPropertyName("a")] public required string AwardId { get; set; }

    [JsonPropertyName("k")] public required string Kind { get; set; }

    [JsonPropertyName("m")] public decimal Amount { get; set; }

    [JsonPropertyName("s")] public required string Source { get; set; }

    [JsonPropertyName("t")] public DateTimeOffset At { get; set; }

    [JsonPropertyName("v")] public required string ScheduleVersion { get; set; }
}
