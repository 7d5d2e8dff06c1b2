using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Cxmpute.Testing.Cluster;

namespace Cxmpute.Faults.Tests.Infrastructure;

/// <summary>
/// The accounts of a scenario (referral chains three levels deep, so awards also credit referrers), award bodies, and the
/// book of what was acknowledged: the credits every acknowledged award and applied referral imply, which the ledger must
/// hold exactly once.
/// </summary>
public sealed class Workload(string tag)
{
    private static readonly string[] Services = ["chat", "embeddings", "tts", "scrape"];
    private static readonly string[] Models = ["Llama3-70B", "Mixtral-8x7B", "Llama3-8B", "Phi-3-Mini", "Gemma-2B"];
    private static readonly int?[] Latencies = [800, 3000, 12000, null];
    private readonly ConcurrentBag<Credit> _referralCredits = [];

    public string Tag { get; } = tag;

    public string[] Users { get; } = [.. Enumerable.Range(0, 12).Select(i => $"usr_{tag}u{i}")];

    public string[] Providers { get; } = [.. Enumerable.Range(0, 6).Select(i => $"prov_{tag}p{i}")];

    public IEnumerable<string> Accounts => Users.Concat(Providers);

    /// <summary>Acknowledged awards by id (the first acknowledgement; later ones must list the same credits).</summary>
    public ConcurrentDictionary<string, AwardAck> Acks { get; } = new(StringComparer.Ordinal);

    /// <summary>Award ids acknowledged with <c>duplicate: true</c> the first time this book saw them: an earlier attempt had been applied.</summary>
    public ConcurrentDictionary<string, bool> FirstAckWasDuplicate { get; } = new(StringComparer.Ordinal);

    /// <summary>Users 1..11 and providers 1..5 join chains (u1→u0, u2→u1, u3→u2, u4..u11→u3; same for providers).</summary>
    public async Task SetUpAsync(LedgerHttp api, DateTime deadline)
    {
        await api.RegisterUserAsync(Users[0], deadline);
        for (var i = 1; i < Users.Length; i++)
        {
            _referralCredits.Add(await api.ApplyReferralAsync(Users[i], Users[Math.Min(i - 1, 3)], deadline));
        }

        foreach (var provider in Providers)
        {
            await api.RegisterProviderAsync(provider, 24, deadline);
        }

        for (var i = 1; i < Providers.Length; i++)
        {
            _referralCredits.Add(await api.ApplyReferralAsync(Providers[i], Providers[Math.Min(i - 1, 3)], deadline));
        }
    }

    public string AwardId(int i) => $"{Tag}-{i}";

    /// <summary>The body each award was first built with, by id (for replays).</summary>
    public ConcurrentDictionary<string, string> SentBodies { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Award <paramref name="i"/>: varied services, models, latencies, user and/or provider; <c>occurredAt</c> as given (omitted
    /// when null). Remembered in <see cref="SentBodies"/>.
    /// </summary>
    public string Body(int i, DateTimeOffset? occurredAt)
    {
        var body = JsonSerializer.Serialize(Fields(i, occurredAt));
        SentBodies.TryAdd(AwardId(i), body);
        return body;
    }

    /// <summary>A batch body <c>{"awards": [...]}</c> of awards <paramref name="from"/> to <paramref name="from"/> + <paramref name="count"/> − 1.</summary>
    public string BatchBody(int from, int count, DateTimeOffset? occurredAt) =>
        JsonSerializer.Serialize(new Dictionary<string, object> { ["awards"] = Enumerable.Range(from, count).Select(i => Fields(i, occurredAt)).ToArray() });

    /// <summary>Books an acknowledgement; the same award acknowledged again must list the same credits.</summary>
    public void Record(AwardAck ack)
    {
        if (Acks.TryAdd(ack.AwardId, ack))
        {
            if (ack.Duplicate)
            {
                FirstAckWasDuplicate[ack.AwardId] = true;
            }

            return;
        }

        var first = Acks[ack.AwardId];
        Assert.True(
            first.Credits.SequenceEqual(ack.Credits),
            $"award {ack.AwardId} was acknowledged twice with different credits: {Describe(first.Credits)} then {Describe(ack.Credits)}");
    }

    /// <summary>Every credit the acknowledged awards and applied referrals imply.</summary>
    public List<Credit> ExpectedCredits() => [.. _referralCredits, .. Acks.Values.SelectMany(a => a.Credits)];

    private Dictionary<string, object> Fields(int i, DateTimeOffset? occurredAt)
    {
        var withUser = i % 5 != 4;
        var withProvider = i % 7 != 3 || !withUser;
        var award = new Dictionary<string, object>
        {
            ["awardId"] = AwardId(i),
            ["service"] = Services[i % Services.Length],
            ["tokens"] = 50 + (i * 37 % 3000),
        };
        if (occurredAt is { } at)
        {
            award["occurredAt"] = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        }

        if (withUser)
        {
            award["userId"] = Users[i % Users.Length];
        }

        if (withProvider)
        {
            award["providerId"] = Providers[i % Providers.Length];
            award["model"] = Models[i % Models.Length];
        }

        if (Latencies[i % Latencies.Length] is { } latency)
        {
            award["latencyMs"] = latency;
        }

        return award;
    }

    private static string Describe(IEnumerable<Credit> credits) => string.Join(", ", credits.Select(c => $"{c.AccountId} {c.Kind} {c.Amount}"));
}
