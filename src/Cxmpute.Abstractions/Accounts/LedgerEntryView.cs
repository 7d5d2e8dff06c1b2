namespace Cxmpute.Abstractions;

/// <summary>One credit of the audit trail. <see cref="Kind"/>: usage, compute, primary, secondary, tertiary or direct.</summary>
[GenerateSerializer, Immutable, Alias("cx.LedgerEntryView")]
public sealed record LedgerEntryView(
    [property: Id(0)] string AwardId,
    [property: Id(1)] string Kind,
    [property: Id(2)] decimal Amount,
    [property: Id(3)] string SourceAccountId,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] string ScheduleVersion);

[GenerateSerializer, Immutable, Alias("cx.LedgerPageView")]
public sealed record LedgerPageView([property: Id(0)] IReadOnlyList<LedgerEntryView> Entries, [property: Id(1)] string? Cursor);
