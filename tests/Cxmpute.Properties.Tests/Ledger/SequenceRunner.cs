using System.Globalization;
using System.Text;
using Cxmpute.Abstractions;
using Cxmpute.Grains.Tests.Infrastructure;
using Cxmpute.Rewards;

namespace Cxmpute.Properties.Tests.Ledger;

/// <summary>
/// Plays one random sequence against the ledger (grains on the in-memory test cluster) and the reference model side by
/// side, on accounts of its own: every outcome must be the model's, and at the end every account's balances by kind,
/// network counts, referrer and ledger must be the model's exactly.
/// </summary>
internal sealed class SequenceRunner(LedgerCluster cluster, RewardSchedule schedule)
{
    public const int Users = 5;
    public const int Providers = 4;
    private static readonly decimal[] Vrams = [3m, 4m, 7.5m, 8m, 16m, 22m, 24m];
    private static readonly string[] Services = ["chat", "embeddings", "tts", "scrape", "/chat/completions"];
    private static readonly string[] Models = ["Llama3-70B", "mixtral-8x7b", "Llama3-13B", "Llama3-8B", "Mistral-7B", "Phi-3-Mini", "GEMMA-2B", "Unknown-Model-X"];

    private readonly LedgerDriver _ledger = new(cluster.Grains);

    /// <summary>Outcomes seen by kind across all sequences ("award:tier_not_eligible", "refer:ok", ...), to show what a run covered.</summary>
    public static System.Collections.Concurrent.ConcurrentDictionary<string, int> Outcomes { get; } = new(StringComparer.Ordinal);
    private readonly LedgerModel _model = new(schedule);
    private readonly string _tag = Guid.NewGuid().ToString("N")[..10];
    private readonly List<string> _ids = [];
    private readonly Dictionary<string, AwardRequest> _bodies = new(StringComparer.Ordinal);
    private int _step;

    public string[] UserIds => [.. Enumerable.Range(0, Users).Select(i => $"usr_{_tag}-u{i}")];

    public string[] ProviderIds => [.. Enumerable.Range(0, Providers).Select(i => $"prov_{_tag}-p{i}")];

    public string[] Ghosts => [$"usr_{_tag}-ghost", $"prov_{_tag}-ghost"];

    public IEnumerable<string> AllIds => UserIds.Concat(ProviderIds).Concat(Ghosts);

    public async Task RunAsync(IReadOnlyList<LedgerOp> ops)
    {
        foreach (var op in ops)
        {
            _step++;
            switch (op)
            {
                case RegisterOp register:
                    var provider = ProviderIds[register.Provider % Providers];
                    var vram = Vrams[register.Vram % Vrams.Length];
                    var registration = await _ledger.RegisterAsync(provider, vram);
                    _model.Register(provider, vram);
                    Assert.Equal(schedule.HardwareTierFor(vram).ToWire(), registration.Tier);
                    break;
                case UserOp user:
                    await cluster.Grains.GetGrain<IAccountGrain>(UserIds[user.User % Users]).EnsureUserAsync();
                    _model.EnsureUser(UserIds[user.User % Users]);
                    break;
                case ReferOp refer:
                    await ReferAsync(refer.Apply);
                    break;
                case ReferBurstOp burst:
                    await BurstAsync(burst.Applies);
                    break;
                case AwardOp awards:
                    await AwardsAsync(awards.Awards);
                    break;
                case MixedBurstOp mixed:
                    await MixedBurstAsync(mixed);
                    break;
                case TimeOp time:
                    cluster.Time.Advance(TimeSpan.FromMinutes(time.Minutes));
                    break;
            }
        }

        await VerifyAsync();
    }

    private (string Referee, string Code) Resolve(ReferSpec spec)
    {
        var pool = spec.Providers ? ProviderIds : UserIds;
        var other = spec.Providers ? UserIds : ProviderIds;
        var referee = pool[spec.Referee % pool.Length];
        return (referee, spec.Shape switch
        {
            ReferShape.Self => referee,
            ReferShape.KindMismatch => other[spec.Code % other.Length],
            ReferShape.UnknownCode => spec.Providers ? Ghosts[1] : Ghosts[0],
            _ => pool[(spec.Code % pool.Length) == (spec.Referee % pool.Length) ? (spec.Code + 1) % pool.Length : spec.Code % pool.Length],
        });
    }

    private async Task ReferAsync(ReferSpec spec)
    {
        var (referee, code) = Resolve(spec);
        var expected = _model.ReferralError(referee, code);
        var outcome = await _ledger.ReferAsync(referee, code);
        Count("refer", outcome.Error?.Code);
        Assert.True(expected == outcome.Error?.Code, $"step {_step}: {referee} applies {code}: expected {expected ?? "success"}, got {outcome.Error?.Code ?? "success"} ({outcome.Error?.Detail})");
        if (expected is null)
        {
            var bonus = _model.ApplyReferral(referee, code);
            Assert.Equal((referee, code, bonus), (outcome.Result!.AccountId, outcome.Result.ReferredBy, outcome.Result.DirectBonus));
        }
    }

    /// <summary>
    /// Concurrent applies: which of two conflicting applies wins is the ledger's choice, so the outcomes are checked for
    /// being explainable one after another (successes first, in any order, then the refusals against the final graph),
    /// and the model takes the successes.
    /// </summary>
    private async Task MixedBurstAsync(MixedBurstOp op)
    {
        var requests = op.Awards.Select(a => Build(a with { Replay = null })).ToList();
        var before = UserIds.Concat(ProviderIds).ToDictionary(id => id, id => _model.Chain(id, 3), StringComparer.Ordinal);
        var awards = Task.WhenAll(requests.Select(_ledger.AwardAsync));
        await BurstAsync(op.Applies, awards, [.. requests.Select(r => r.UserId).OfType<string>()]);
        var outcomes = await awards;
        var now = cluster.Time.GetUtcNow();
        for (var i = 0; i < requests.Count; i++)
        {
            var outcome = outcomes[i];
            Count("mixed-award", outcome.Error?.Code);
            var seen = outcome.Result;
            var context = $"step {_step}: concurrent award {requests[i]}";

            // The chain the ledger paid must keep every link that existed before the burst and be a prefix of today's path.
            List<string> ChainSeen(string earner, int max)
            {
                var side = seen!.User?.AccountId == earner ? seen.User.Referrals : seen.Provider!.Referrals;
                var chain = side.Select(c => c.AccountId).ToList();
                var today = _model.Chain(earner, 3);
                Assert.True(chain.Count >= before[earner].Count && chain.Take(before[earner].Count).SequenceEqual(before[earner]),
                    $"{context}: paid [{string.Join(", ", chain)}], but [{string.Join(", ", before[earner])}] already referred {earner}");
                Assert.True(chain.Count <= today.Count && chain.SequenceEqual(today.Take(chain.Count)), $"{context}: paid [{string.Join(", ", chain)}], not a prefix of [{string.Join(", ", today)}]");
                return chain;
            }

            var (error, result) = _model.Award(requests[i], now, seen is null ? null : ChainSeen);
            Assert.True(error == outcome.Error?.Code, $"{context}: expected {error ?? "success"}, got {outcome.Error?.Code ?? "success"} ({outcome.Error?.Detail})");
            if (result is not null)
            {
                Assert.Equal(Describe(result), Describe(seen!));
            }
        }
    }

    /// <param name="alongside">Awards sent in the same burst.</param>
    /// <param name="maybeCreated">Users those awards may create while the burst runs (a code naming one may or may not be found).</param>
    private async Task BurstAsync(ReferSpec[] specs, Task? alongside = null, IReadOnlyCollection<string>? maybeCreated = null)
    {
        maybeCreated ??= [];
        var applies = specs.Select(Resolve).ToList();
        var findable = applies.Select(a => _model.Findable(a.Code)).ToList();
        var hadParent = applies.Select(a => _model[a.Referee].Parent is not null).ToList();
        var outcomes = await Task.WhenAll(applies.Select(a => _ledger.ReferAsync(a.Referee, a.Code)));
        if (alongside is not null)
        {
            await alongside; // the model takes the referrals first; the awards are then checked against both graphs
        }

        foreach (var o in outcomes)
        {
            Count("burst", o.Error?.Code);
        }

        var context = $"step {_step}: burst [{string.Join(", ", applies.Select((a, i) => $"{a.Referee}->{a.Code}: {outcomes[i].Error?.Code ?? "ok"}"))}]";

        var successes = Enumerable.Range(0, applies.Count).Where(i => outcomes[i].Error is null).ToList();
        var referees = successes.Select(i => applies[i].Referee).ToList();
        Assert.True(referees.Distinct().Count() == referees.Count, $"{context}: one account got two referrers");
        foreach (var i in successes)
        {
            var (referee, code) = applies[i];
            Assert.False(hadParent[i], $"{context}: {referee} already had a referrer");
            Assert.True(findable[i] || referees.Contains(code) || maybeCreated.Contains(code), $"{context}: {code} named no account");
            Assert.True(AccountIds.SameKind(referee, code) && referee != code, context);
        }

        foreach (var i in successes)
        {
            _model.ApplyReferral(applies[i].Referee, applies[i].Code);
        }

        foreach (var i in successes)
        {
            Assert.True(_model.Chain(applies[i].Referee, 1000).Count < 1000 && !_model.Chain(applies[i].Referee, 1000).Contains(applies[i].Referee), $"{context}: a cycle closed");
        }

        for (var i = 0; i < applies.Count; i++)
        {
            var (referee, code) = applies[i];
            var error = outcomes[i].Error?.Code;
            var fixedError = !AccountIds.IsValid(referee) || !AccountIds.IsValid(code) ? ErrorCodes.ValidationFailed
                : referee == code ? ErrorCodes.SelfReferral
                : !AccountIds.SameKind(referee, code) ? ErrorCodes.ReferralKindMismatch
                : AccountIds.IsProvider(referee) && !_model[referee].Registered ? ErrorCodes.AccountNotFound
                : null;
            var explained = error switch
            {
                null => fixedError is null,
                _ when fixedError is not null => error == fixedError,
                ErrorCodes.AccountNotFound => !findable[i], // not yet: a referee of this burst may have been created after it was decided
                ErrorCodes.ReferrerAlreadySet => _model[referee].Parent is not null,
                ErrorCodes.ReferralCycle => _model.IsAncestorOrSelf(referee, code),
                _ => false,
            };
            Assert.True(explained, $"{context}: {referee}->{code} answered {error ?? "success"} ({outcomes[i].Error?.Detail}), which no order explains");
        }
    }

    private async Task AwardsAsync(AwardSpec[] specs)
    {
        var requests = specs.Select(Build).ToList();
        var outcomes = await _ledger.AwardsAsync(requests);
        var now = cluster.Time.GetUtcNow();
        for (var i = 0; i < requests.Count; i++)
        {
            var (error, result) = _model.Award(requests[i], now);
            var outcome = outcomes[i];
            Count("award", outcome.Error?.Code ?? (outcome.Result!.Duplicate ? "duplicate" : null));
            var context = $"step {_step}: award {requests[i]}";
            Assert.True(error == outcome.Error?.Code, $"{context}: expected {error ?? "success"}, got {outcome.Error?.Code ?? "success"} ({outcome.Error?.Detail})");
            if (result is not null)
            {
                Assert.Equal(Describe(result), Describe(outcome.Result!));
            }
        }
    }

    private AwardRequest Build(AwardSpec spec)
    {
        if (spec.Replay is { } replay && _ids.Count > 0)
        {
            var id = _ids[replay % _ids.Count];
            if (!spec.Changed)
            {
                return _bodies[id];
            }

            return _bodies[id] = Body(id, spec);
        }

        var fresh = $"{_tag}-a{_ids.Count.ToString(CultureInfo.InvariantCulture)}";
        _ids.Add(fresh);
        return _bodies[fresh] = Body(fresh, spec);
    }

    private AwardRequest Body(string id, AwardSpec spec)
    {
        var now = cluster.Time.GetUtcNow();
        var provider = spec.Provider is { } p ? ProviderIds[p % Providers] : null;
        DateTimeOffset? occurred = spec.Occurred switch
        {
            OccurredShape.HoursAgo => now - TimeSpan.FromHours(3),
            OccurredShape.TooOld => now - TimeSpan.FromDays(31),
            OccurredShape.SoonAhead => now + TimeSpan.FromMinutes(4),
            OccurredShape.TooFarAhead => now + TimeSpan.FromMinutes(6),
            _ => null,
        };
        return new AwardRequest(
            id,
            Services[spec.Service % Services.Length],
            spec.User is { } u ? UserIds[u % Users] : null,
            provider,
            provider is null ? null : Models[spec.Model % Models.Length],
            spec.Invalid ? -1 - spec.Tokens : spec.Tokens,
            spec.LatencyMs,
            occurred);
    }

    /// <summary>Every account of the sequence against the model: existence, lifetime by kind, requests, tokens, referrer, network, ledger.</summary>
    private async Task VerifyAsync()
    {
        foreach (var id in AllIds)
        {
            var expected = _model[id];
            var stats = await _ledger.StatsAsync(id);
            if (!expected.Exists)
            {
                Assert.True(stats is null, $"{id} should not exist");
                continue;
            }

            Assert.True(stats is not null, $"{id} should exist");
            var network = _model.Network(id);
            Assert.Equal(
                (id, expected.Own, expected.Referral, expected.Own + expected.Referral, expected.Requests, expected.Tokens, expected.Parent, network.Direct, network.Secondary, network.Tertiary),
                (id, stats.Lifetime.Earned, stats.Lifetime.Referral, stats.Lifetime.Total, stats.Lifetime.Requests, stats.Lifetime.Tokens, stats.ReferredBy, stats.DirectReferrals, stats.SecondaryReferrals, stats.TertiaryReferrals));
            var ledger = await _ledger.LedgerAsync(id);
            Assert.Equal(
                expected.Credits.Select(c => $"{c.AwardId} {c.Kind} {RewardSchedule.Normalize(c.Amount)}").Order(StringComparer.Ordinal),
                ledger.Select(e => $"{e.AwardId} {e.Kind} {RewardSchedule.Normalize(e.Amount)}").Order(StringComparer.Ordinal));
        }
    }

    private static void Count(string what, string? code) => Outcomes.AddOrUpdate($"{what}:{code ?? "ok"}", 1, (_, n) => n + 1);

    private static string Describe(AwardResult result)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{result.AwardId} duplicate={result.Duplicate} version={result.ScheduleVersion} at={result.OccurredAt.UtcTicks}");
        if (result.User is { } user)
        {
            text.Append(CultureInfo.InvariantCulture, $" user {user.AccountId} {N(user.Amount)} [{Credits(user.Referrals)}]");
        }

        if (result.Provider is { } p)
        {
            text.Append(CultureInfo.InvariantCulture,
                $" provider {p.AccountId} {p.Tier} c={N(p.Complexity)} base={N(p.BaseReward)} token={N(p.TokenReward)} perf={N(p.PerformanceMultiplier)} {N(p.Amount)} [{Credits(p.Referrals)}]");
        }

        return text.ToString();
    }

    private static string Credits(IReadOnlyList<ReferralCreditView> credits) =>
        string.Join(", ", credits.Select(c => $"{c.Level}:{c.AccountId}:{N(c.Amount)}"));

    private static string N(decimal d) => RewardSchedule.Normalize(d).ToString(CultureInfo.InvariantCulture);
}
