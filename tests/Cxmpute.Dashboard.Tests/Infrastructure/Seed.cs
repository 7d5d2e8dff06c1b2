using System.Text.Json.Nodes;

namespace Cxmpute.Dashboard.Tests.Infrastructure;

/// <summary>Accounts with a known history, made through the API: registrations, referrals and awards spread over 30 days.</summary>
public static class Seed
{
    private static readonly string[] BobModels = ["Llama3-70B", "Mixtral-8x7B", "Llama3-8B", "Gemma-2B", "Phi-3-Mini"];
    private static readonly int[] Latencies = [800, 1500, 4000, 12000];

    /// <summary>
    /// "bob" (24 GB) serves five models on most of the last 28 days (long requests: 20k to 130k tokens) at fast, normal and
    /// slow latencies; his network is
    /// alice and erin (direct), carol (secondary) and dave (tertiary), who earn too. Returns bob's id.
    /// </summary>
    public static async Task<string> ProviderWithHistoryAsync(LedgerClient ledger)
    {
        var bob = await ledger.ProviderAsync("bob", 24m);
        var alice = await ledger.ProviderAsync("alice", 12m);
        var erin = await ledger.ProviderAsync("erin", 24m);
        var carol = await ledger.ProviderAsync("carol", 24m);
        var dave = await ledger.ProviderAsync("dave", 6m);
        await ledger.ReferOkAsync(alice, bob);
        await ledger.ReferOkAsync(erin, bob);
        await ledger.ReferOkAsync(carol, alice);
        await ledger.ReferOkAsync(dave, carol);

        var awards = new List<JsonObject>();
        for (var day = 0; day < 28; day++)
        {
            var count = day % 5 == 4 ? 0 : 1 + (day * 7 % 4);
            for (var i = 0; i < count; i++)
            {
                var n = day + i;
                awards.Add(Awards.Provider(bob, BobModels[n % BobModels.Length], 20_000 + (13_700 * (n % 9)), Latencies[n % Latencies.Length], day));
            }
        }

        for (var day = 0; day < 21; day += 2)
        {
            awards.Add(Awards.Provider(alice, "Mixtral-8x7B", 60_000 + (day * 1_000), 1200, day));
        }

        for (var day = 1; day < 25; day += 3)
        {
            awards.Add(Awards.Provider(carol, "Llama3-70B", 80_000, 2500, day));
            awards.Add(Awards.Provider(erin, "Llama3-13B", 45_000, 900, day));
        }

        for (var day = 0; day < 28; day += 4)
        {
            awards.Add(Awards.Provider(dave, "Llama3-8B", 30_000, 1900, day));
        }

        await ledger.BatchAsync(awards);
        return bob;
    }

    /// <summary>A user with a direct referral and a secondary one who use the network on several days. Returns the user's id.</summary>
    public static async Task<string> UserWithHistoryAsync(LedgerClient ledger)
    {
        var ann = await ledger.UserAsync("ann");
        var ben = await ledger.UserAsync("ben");
        var cat = await ledger.UserAsync("cat");
        await ledger.ReferOkAsync(ben, ann);
        await ledger.ReferOkAsync(cat, ben);
        var awards = new List<JsonObject>();
        for (var day = 0; day < 20; day += 3)
        {
            awards.Add(Awards.User(ann, 250 + (day * 33), day));
            awards.Add(Awards.User(ben, 1000 + day, day));
            awards.Add(Awards.User(cat, 333, day));
        }

        await ledger.BatchAsync(awards);
        return ann;
    }
}
