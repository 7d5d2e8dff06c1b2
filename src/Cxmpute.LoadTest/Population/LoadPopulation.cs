using System.Globalization;
using Cxmpute.Rewards;

namespace Cxmpute.LoadTest.Population;

/// <summary>
/// The accounts, their referral forests and provider hardware, and the award schedule: award <c>i</c> is a pure function of
/// (seed, i), with a user and a provider drawn by the population's traffic (<see cref="PopulationSpec.ZipfExponent"/>: 0 is
/// uniform) or, for a range of indexes given to <see cref="UseTraffic"/>, by another skew, and a model the provider's
/// hardware can serve.
/// </summary>
internal sealed class LoadPopulation
{
    /// <summary>Service wire names by <see cref="PlannedAward.Service"/>: 60 % chat, 20 % embeddings, 10 % tts, 10 % scrape.</summary>
    public static readonly string[] Services = ["chat", "embeddings", "tts", "scrape"];

    private const long UserStream = 1, ProviderStream = 2, HardwareStream = 3, AwardStream = 4;
    private readonly string[][] _modelsByTier;
    private readonly Lock _gate = new();
    private readonly Dictionary<double, (ZipfSampler Users, ZipfSampler Providers)> _samplers = [];
    private TrafficRange[] _ranges = [];

    public LoadPopulation(PopulationSpec spec, RewardSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(schedule);
        if (spec.Tag.Length is 0 or > 24 || !spec.Tag.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"tag '{spec.Tag}' must be 1-24 ASCII letters or digits", nameof(spec));
        }

        Spec = spec;
        Schedule = schedule;
        UserForest = new Forest(spec.Users, spec.ReferredShare, spec.MaxDepth, spec.Seed, UserStream);
        ProviderForest = new Forest(spec.Providers, spec.ReferredShare, spec.MaxDepth, spec.Seed, ProviderStream);
        UserTraffic = new ZipfSampler(spec.Users, spec.ZipfExponent, spec.Seed + UserStream);
        ProviderTraffic = new ZipfSampler(spec.Providers, spec.ZipfExponent, spec.Seed + ProviderStream);
        ProviderTier = new byte[spec.Providers];
        ProviderVram = new decimal[spec.Providers];
        var random = SplitMix.For(spec.Seed, HardwareStream, 0);
        for (var i = 0; i < spec.Providers; i++)
        {
            var tier = Hardware.TierFor(random.NextDouble());
            var choices = Hardware.VramByTier[tier];
            ProviderTier[i] = (byte)tier;
            ProviderVram[i] = choices[random.NextInt(choices.Length)];
        }

        _modelsByTier = Hardware.ModelsByTier(schedule);
    }

    public PopulationSpec Spec { get; }

    public RewardSchedule Schedule { get; }

    public Forest UserForest { get; }

    public Forest ProviderForest { get; }

    public ZipfSampler UserTraffic { get; }

    public ZipfSampler ProviderTraffic { get; }

    public byte[] ProviderTier { get; }

    public decimal[] ProviderVram { get; }

    public int Accounts => Spec.Users + Spec.Providers;

    public string UserId(int index) => string.Create(CultureInfo.InvariantCulture, $"usr_{Spec.Tag}u{index}");

    public string ProviderId(int index) => string.Create(CultureInfo.InvariantCulture, $"prov_{Spec.Tag}p{index}");

    /// <summary>Account number <paramref name="account"/> over both kinds: users first, then providers.</summary>
    public string AccountId(int account) => account < Spec.Users ? UserId(account) : ProviderId(account - Spec.Users);

    public PlannedAward Award(long index)
    {
        var random = SplitMix.For(Spec.Seed, AwardStream, index);
        var (users, providers) = TrafficFor(index);
        var user = users.Sample(random.NextDouble());
        var provider = providers.Sample(random.NextDouble());
        var roll = random.NextInt(10);
        var service = roll switch { < 6 => 0, < 8 => 1, 8 => 2, _ => 3 };
        var models = _modelsByTier[ProviderTier[provider]];
        var model = models[random.NextInt(models.Length)];
        var tokens = random.NextInt(1, 4001);
        var latency = random.NextInt(10) == 0 ? -1 : random.NextInt(200, 15_001);
        return new PlannedAward(user, provider, (byte)service, model, tokens, latency);
    }

    /// <summary>
    /// Awards <paramref name="first"/> (inclusive) to <paramref name="end"/> (exclusive) draw their user and provider with Zipf
    /// exponent <paramref name="exponent"/> instead of the population's default. Call it before those awards are made; ranges
    /// must not overlap.
    /// </summary>
    public void UseTraffic(long first, long end, double exponent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(exponent);
        if (end <= first)
        {
            return;
        }

        lock (_gate)
        {
            if (_ranges.Any(r => first < r.End && r.First < end))
            {
                throw new ArgumentException($"traffic range {first}..{end} overlaps an earlier one");
            }

            if (!_samplers.TryGetValue(exponent, out var samplers))
            {
                samplers = exponent == Spec.ZipfExponent ? (UserTraffic, ProviderTraffic)
                    : (new ZipfSampler(Spec.Users, exponent, Spec.Seed + UserStream), new ZipfSampler(Spec.Providers, exponent, Spec.Seed + ProviderStream));
                _samplers[exponent] = samplers;
            }

            Volatile.Write(ref _ranges, [.. _ranges, new TrafficRange(first, end, samplers.Users, samplers.Providers)]);
        }
    }

    /// <summary>
    /// Ends the range that starts at <paramref name="first"/> at <paramref name="end"/>: a run reserves the indexes it may
    /// use and gives back those it did not send, which the next run then takes with its own traffic.
    /// </summary>
    public void EndTraffic(long first, long end)
    {
        lock (_gate)
        {
            Volatile.Write(ref _ranges, [.. _ranges.Select(r => r.First == first ? r with { End = Math.Max(first, Math.Min(r.End, end)) } : r)]);
        }
    }

    /// <summary>The Zipf exponent award <paramref name="index"/> is drawn with.</summary>
    public double ExponentOf(long index) => TrafficFor(index).Users.Exponent;

    private (ZipfSampler Users, ZipfSampler Providers) TrafficFor(long index)
    {
        foreach (var range in Volatile.Read(ref _ranges))
        {
            if (index >= range.First && index < range.End)
            {
                return (range.Users, range.Providers);
            }
        }

        return (UserTraffic, ProviderTraffic);
    }

    private sealed record TrafficRange(long First, long End, ZipfSampler Users, ZipfSampler Providers);
}
