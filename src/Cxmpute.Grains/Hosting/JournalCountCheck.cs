using Cxmpute.Grains.Storage;

namespace Cxmpute.Grains.Hosting;

/// <summary>
/// Refuses storage whose award journals were written with more journals than <see cref="LedgerOptions.AwardJournals"/>
/// says: the number is fixed for a deployment, since a retry is deduplicated (and a crashed commit replayed) by the
/// journal its award id routes to. With fewer journals than the data was written with, retries of earlier awards would
/// be credited again and the commits of the journals left out never replayed. The journal just past the configured
/// ones holding pages is the evidence (its absence proves nothing about a deployment that grew the number, which the
/// configuration must not do either; the <see cref="LedgerLayout"/> recorded in storage catches that). A silo runs it as it
/// starts (<see cref="StorageLayoutCheck"/>), and so does the audit.
/// </summary>
public static class JournalCountCheck
{
    /// <summary>Throws <see cref="InvalidOperationException"/> when journal <c>a{N}</c> (N = the configured count) holds pages.</summary>
    public static async Task EnsureNoneBeyondAsync(IJournalStore store, int awardJournals, CancellationToken cancellationToken = default)
    {
        var beyond = LedgerOptions.AwardJournalId(awardJournals);
        if ((await store.ListPagesAsync(beyond, cancellationToken)).Count > 0)
        {
            throw new InvalidOperationException(
                $"Storage holds pages of award journal {beyond}: it was written with more than the {awardJournals} award journals " +
                "Ledger:AwardJournals configures. The number of journals is fixed for a deployment (retries are deduplicated by " +
                "the journal an award id routes to): set Ledger:AwardJournals to the number the data was written with.");
        }
    }
}
