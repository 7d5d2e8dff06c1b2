using System.Diagnostics;
using Cxmpute.Abstractions;
using Cxmpute.Rewards;

namespace Cxmpute.Grains.Journal;

/// <summary>An award waiting in a journal's queue for the next group commit.</summary>
internal sealed class PendingAward(AwardRequest request)
{
    public AwardRequest Request { get; } = request;

    /// <summary>When it reached the journal (<see cref="Stopwatch.GetTimestamp"/>), for the award latency metric.</summary>
    public long Arrived { get; } = Stopwatch.GetTimestamp();

    public ServiceKind Service { get; set; }

    public UInt128 Fingerprint { get; set; }

    public JournalEntry? Entry { get; set; }

    /// <summary>Pricing has set it aside once to wait for an account still loading; the next time it waits for them.</summary>
    public bool WasSetAside { get; set; }

    /// <summary>
    /// Awards with this one's id that arrived after it while it was set aside: they are decided after it (the first one
    /// is the original, the others its duplicates or conflicts), so they wait with it and are queued right behind it.
    /// </summary>
    public List<PendingAward>? Followers { get; private set; }

    /// <summary>Waits behind an award set aside that has its id (see <see cref="Followers"/>).</summary>
    public void Follow(PendingAward original)
    {
        WasSetAside = true;
        (original.Followers ??= []).Add(this);
    }

    public TaskCompletionSource<AwardOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Fail(LedgerError error) => Completion.TrySetResult(new AwardOutcome(null, error));

    public void Fail(string code, string detail, string? field = null) => Fail(new LedgerError(code, detail, field));

    public void Complete(AwardResult result) => Completion.TrySetResult(AwardOutcome.Ok(result));
}
