namespace Cxmpute.Client.Tests.Cluster;

/// <summary>Reads what the ledger holds for users, to compare with what the publisher's callers were told.</summary>
public static class Ledger
{
    /// <summary>Every entry of the user's ledger (all pages).</summary>
    public static async Task<List<LedgerEntry>> EntriesAsync(CxmputeClient client, string userId)
    {
        var entries = new List<LedgerEntry>();
        string? cursor = null;
        do
        {
            var page = await client.GetUserRewardsAsync(userId, limit: 1000, cursor: cursor);
            entries.AddRange(page.Entries);
            cursor = page.Cursor;
        }
        while (cursor is not null);

        return entries;
    }

    /// <summary>
    /// Asserts that each user's ledger holds each published award exactly once, with the amount its caller was told, and that
    /// its lifetime total is their sum.
    /// </summary>
    public static async Task AssertCreditedOnceAsync(CxmputeClient client, IReadOnlyDictionary<string, AwardResult> results, IEnumerable<string> users)
    {
        foreach (var user in users)
        {
            var expected = results.Values.Where(r => r.User!.AccountId == user).ToDictionary(r => r.AwardId, r => r.User!.Amount, StringComparer.Ordinal);
            var entries = await EntriesAsync(client, user);
            var doubled = entries.GroupBy(e => e.AwardId).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.True(doubled.Count == 0, $"{user}: credited more than once: {string.Join(", ", doubled.Take(5))}");
            var lost = expected.Keys.Except(entries.Select(e => e.AwardId)).ToList();
            Assert.True(lost.Count == 0, $"{user}: {lost.Count} acknowledged awards missing from the ledger, e.g. {string.Join(", ", lost.Take(5))}");
            Assert.Equal(expected.Count, entries.Count);
            Assert.All(entries, e => Assert.Equal(expected[e.AwardId], e.Amount));
            Assert.Equal(expected.Values.Sum(), (await client.GetUserReferralStatsAsync(user)).Lifetime.Earned);
        }
    }
}
