using Cxmpute.Grains.Journal;

namespace Cxmpute.Audit.Checks;

/// <summary>A credit that a journal entry implies for one account (from <see cref="EffectPlanner"/>).</summary>
internal readonly record struct ExpectedCredit(string AwardId, EffectKind Kind, decimal Amount, string Source, DateTimeOffset At, string ScheduleVersion);
