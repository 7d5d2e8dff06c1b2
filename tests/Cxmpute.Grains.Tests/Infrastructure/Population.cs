using Cxmpute.Abstractions;

namespace Cxmpute.Grains.Tests.Infrastructure;

/// <summary>
/// A deterministic population: users and providers in referral forests (about 70 % referred, chains up to six
/// deep), providers spread over the four hardware tiers, and skewed award traffic (a few busy accounts).
/// </summary>
internal sealed class Population
{
    private static readonly (decimal Vram, string[] Models)[] Hardware =
    [
        (4m, ["Phi-3-Mini", "Gemma-2B"]),
        (8m, ["Mistral-7B", "Llama3-8B", "Gemma-2B"]),
        (16m, ["Mixtral-8x7B", "Llama3-13B", "Mistral-7B"]),
        (24m, ["Llama3-70B", "Mixtral-8x7B", "Llama3-8B"]),
    ];

    private readonly Random _random;

    public Population(int users, int providers, int seed, string tag)
    {
        _random = new Random(seed);
        Users = Build(users, i => $"usr_{tag}{i}");
        Providers = Build(providers, i => $"prov_{tag}{i}");
        Vram = Providers.Select(_ => _random.Next(Hardware.Length)).ToArray();
    }

    public Member[] Users { get; }

    public Member[] Providers { get; }

    private int[] Vram { get; }

    public sealed record Member(string Id, int Parent, int Depth);

    public decimal VramOf(int provider) => Hardware[Vram[provider]].Vram;

    /// <summary>Creates every account and applies every referral, level by level, with bounded concurrency.</summary>
    public async Task CreateAsync(LedgerDriver ledger, IGrainFactory grains, Action<string>? log = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await ForAllAsync(Enumerable.Range(0, Providers.Length), i => ledger.RegisterAsync(Providers[i].Id, VramOf(i)));
        log?.Invoke($"providers registered {clock.Elapsed.TotalSeconds:F1}");
        await ForAllAsync(Users.Where(u => u.Parent < 0), u => grains.GetGrain<IAccountGrain>(u.Id).EnsureUserAsync());
        log?.Invoke($"root users {clock.Elapsed.TotalSeconds:F1}");
        for (var depth = 1; depth <= 6; depth++)
        {
            var level = depth;
            await Task.WhenAll(
                ForAllAsync(Users.Where(u => u.Depth == level), u => ledger.ReferOkAsync(u.Id, Users[u.Parent].Id)),
                ForAllAsync(Providers.Where(p => p.Depth == level), p => ledger.ReferOkAsync(p.Id, Providers[p.Parent].Id)));
            log?.Invoke($"depth {depth} {clock.Elapsed.TotalSeconds:F1}");
        }
    }

    /// <summary>One award: a Zipf-like pick of user and provider, a model the provider's hardware can serve.</summary>
    public AwardRequest NextAward(string awardId)
    {
        var user = Users[Skewed(Users.Length)].Id;
        var providerIndex = Skewed(Providers.Length);
        var models = Hardware[Vram[providerIndex]].Models;
        var service = _random.Next(10) switch { < 6 => "chat", < 8 => "embeddings", 8 => "tts", _ => "scrape" };
        var withUser = _random.Next(10) > 0;
        var withProvider = !withUser || _random.Next(10) > 1;
        return new AwardRequest(
            awardId,
            service,
            withUser ? user : null,
            withProvider ? Providers[providerIndex].Id : null,
            withProvider ? models[_random.Next(models.Length)] : null,
            _random.Next(0, 4000),
            _random.Next(10) == 0 ? null : _random.Next(200, 15_000),
            null);
    }

    private Member[] Build(int count, Func<int, string> id)
    {
        var members = new Member[count];
        for (var i = 0; i < count; i++)
        {
            var parent = -1;
            if (i >= 10 && _random.NextDouble() < 0.7)
            {
                parent = _random.Next(i);
                while (members[parent].Depth >= 6)
                {
                    parent = members[parent].Parent;
                }
            }

            members[i] = new Member(id(i), parent, parent < 0 ? 0 : members[parent].Depth + 1);
        }

        return members;
    }

    /// <summary>An index skewed towards 0: the first accounts are the busy ones.</summary>
    private int Skewed(int count) => (int)Math.Min(count - 1, Math.Floor(count * Math.Pow(_random.NextDouble(), 3)));

    private static async Task ForAllAsync<T>(IEnumerable<T> items, Func<T, Task> action)
    {
        foreach (var chunk in items.Chunk(512))
        {
            await Task.WhenAll(chunk.Select(action));
        }
    }
}
