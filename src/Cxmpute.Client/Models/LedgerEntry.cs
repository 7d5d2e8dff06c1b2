namespace Cxmpute.Client;

/// <summary>One credit in an account's ledger.</summary>
/// <param name="AwardId">The award (or <c>referral:{refereeId}</c> for a direct bonus).</param>
/// <param name="Kind"><c>usage</c>, <c>compute</c>, <c>primary</c>, <c>secondary</c>, <c>tertiary</c> or <c>direct</c>.</param>
/// <param name="Amount">The amount (exact decimal).</param>
/// <param name="SourceAccountId">The account whose activity earned it.</param>
/// <param name="At">When it was recorded (UTC).</param>
/// <param name="ScheduleVersion">The reward schedule that priced it.</param>
public sealed record LedgerEntry(string AwardId, string Kind, decimal Amount, string SourceAccountId, DateTime At, string? ScheduleVersion);
