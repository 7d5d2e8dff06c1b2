namespace Cxmpute.Audit.Checks;

/// <summary>One ledger entry of an account as the API shows it.</summary>
public sealed record ObservedCredit(string AwardId, string Kind, decimal Amount, string Source, DateTimeOffset At, string ScheduleVersion);
