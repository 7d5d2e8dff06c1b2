using Cxmpute.Abstractions;
using Cxmpute.Grains.Journal;

namespace Cxmpute.Grains.Referrals;

/// <summary>A referral apply waiting for the next group commit of its graph.</summary>
internal sealed class PendingReferral(string accountId, string code)
{
    public string AccountId { get; } = accountId;

    public string Code { get; } = code;

    public JournalEntry? Entry { get; set; }

    public TaskCompletionSource<ReferralOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Fail(string code, string detail, string? field = null) =>
        Completion.TrySetResult(new ReferralOutcome(null, new LedgerError(code, detail, field)));
}
