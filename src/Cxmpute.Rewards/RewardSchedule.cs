using Cxmpute.Rewards.Internal;

namespace Cxmpute.Rewards;

/// <summary>
/// The reward schedule (<c>silo-config/rewards-schedule.json</c>) and the pricing rules that apply it.
/// Every rate comes from the schedule; every amount is an exact, normalized <see cref="decimal"/>.
/// Immutable and thread-safe.
/// </summary>
public sealed class RewardSchedule
{
    /// <summary>The schedule's usual file name, <c>rewards-schedule.json</c>.</summary>
    public const string DefaultFileName = "rewards-schedule.json";

    private readonly ScheduleDefinition _d;
    private readonly Dictionary<string, ModelInfo> _modelsByName;

    private RewardSchedule(ScheduleDefinition definition)
    {
        _d = definition;
        _modelsByName = definition.Models.ToDictionary(m => m.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The schedule's version (e.g. <c>2026-11-27.1</c>); every credit priced by it records it.</summary>
    public string Version => _d.Version;

    /// <summary>The rates and VRAM ranges of all tiers, in rank order.</summary>
    public IReadOnlyList<TierRates> Tiers => _d.Tiers;

    /// <summary>The model table, in file order (the default entry is not included).</summary>
    public IReadOnlyList<ModelInfo> Models => _d.Models;

    /// <summary>Parses and validates a schedule.</summary>
    /// <exception cref="ScheduleValidationException">The JSON is malformed or breaks a rule; the message lists every problem.</exception>
    public static RewardSchedule Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return new RewardSchedule(ScheduleParser.Parse(json, path: null));
    }

    /// <summary>Reads, parses and validates a schedule file.</summary>
    /// <exception cref="ScheduleValidationException">The file's content is invalid; the message names the file and lists every problem.</exception>
    /// <exception cref="IOException">The file cannot be read (e.g. <see cref="FileNotFoundException"/>).</exception>
    public static RewardSchedule Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        return new RewardSchedule(ScheduleParser.Parse(File.ReadAllText(fullPath), fullPath));
    }

    /// <summary>Strips trailing zeros (<c>0.22500m</c> → <c>0.225m</c>, <c>3.0m</c> → <c>3m</c>) without changing the value.</summary>
    public static decimal Normalize(decimal d)
    {
        if (d == 0m)
        {
            return 0m;
        }

        Span<int> bits = stackalloc int[4];
        decimal.GetBits(d, bits);
        var mantissa = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        var scale = (byte)((bits[3] >> 16) & 0xFF);
        while (scale > 0 && mantissa % 10 == 0)
        {
            mantissa /= 10;
            scale--;
        }

        return new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), (int)(uint)(mantissa >> 64), d < 0, scale);
    }

    /// <summary>The rates and VRAM range of a tier.</summary>
    public TierRates Rates(Tier tier) => _d.Tiers[Index(tier)];

    /// <summary>The hardware tier that a provider's VRAM gives (e.g. ≤ 4 GB tide-pool, ≥ 22 GB mariana-depth).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="vramGb"/> is not above 0.</exception>
    public Tier HardwareTierFor(decimal vramGb)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(vramGb);
        foreach (var tier in _d.Tiers)
        {
            if (tier.ContainsVram(vramGb))
            {
                return tier.Tier;
            }
        }

        throw new InvalidOperationException("The validated tiers cover every VRAM above 0.");
    }

    /// <summary>
    /// The model's table entry, matched case-insensitively (ordinal); an unknown model gets the
    /// default entry under the requested name, with <see cref="ModelInfo.IsDefault"/> set.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="model"/> is null, empty or white space.</exception>
    public ModelInfo ResolveModel(string model)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        return _modelsByName.TryGetValue(model, out var info) ? info : _d.DefaultModel with { Name = model };
    }

    /// <summary>The performance multiplier for a latency (fast / normal / slow); absent latency is normal.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="latencyMs"/> is negative.</exception>
    public decimal PerformanceMultiplier(int? latencyMs)
    {
        var p = _d.Performance;
        if (latencyMs is not { } latency)
        {
            return p.NormalMultiplier;
        }

        ArgumentOutOfRangeException.ThrowIfNegative(latency, nameof(latencyMs));
        return latency < p.FastBelowLatencyMs ? p.FastMultiplier
            : latency > p.SlowAboveLatencyMs ? p.SlowMultiplier
            : p.NormalMultiplier;
    }

    /// <summary>
    /// Prices a served request for the provider at the MODEL's tier rates:
    /// <c>base = tierBaseReward × serviceMultiplier × complexity</c>,
    /// <c>token = tokens × tierTokenMultiplier × serviceMultiplier</c> (token-earning services only, else 0),
    /// <c>amount = (base + token) × performance</c>.
    /// </summary>
    /// <exception cref="TierNotEligibleException">The provider's hardware tier is below the model's tier.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Negative tokens or latency, VRAM not above 0, or an undefined service.</exception>
    public ProviderPrice PriceProvider(ServiceKind service, string model, int tokens, int? latencyMs, decimal providerVramGb)
    {
        var rates = _d.Services[Index(service)];
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        var info = ResolveModel(model);
        var hardwareTier = HardwareTierFor(providerVramGb);
        var performance = PerformanceMultiplier(latencyMs);
        if (hardwareTier < info.Tier)
        {
            throw new TierNotEligibleException(hardwareTier, info.Tier);
        }

        var tier = _d.Tiers[(int)info.Tier];
        var baseReward = tier.BaseReward * rates.Multiplier * info.Complexity;
        var tokenReward = rates.EarnsTokenReward ? tokens * tier.TokenMultiplier * rates.Multiplier : 0m;
        var amount = (baseReward + tokenReward) * performance;
        return new ProviderPrice(
            info.Name, info.Tier, info.Complexity, Normalize(baseReward), Normalize(tokenReward), performance, Normalize(amount));
    }

    /// <summary>The user's usage points for a request: <c>basePoints + tokens × pointsPerToken</c> of the service.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative tokens or an undefined service.</exception>
    public decimal PriceUser(ServiceKind service, int tokens)
    {
        var points = _d.UserPoints[Index(service)];
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        return Normalize(points.BasePoints + (tokens * points.PointsPerToken));
    }

    /// <summary>The share (0..1) of the original earner's amount paid to the referrer at <paramref name="level"/> (1, 2 or 3).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is not 1, 2 or 3, or the kind is undefined.</exception>
    public decimal ReferralRate(AccountKind kind, int level)
    {
        var rates = _d.Referrals[Index(kind)].LevelRates;
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, rates.Count);
        return rates[level - 1];
    }

    /// <summary>The one-off bonus paid to the referrer when a code of this kind is applied (not propagated).</summary>
    public decimal DirectBonus(AccountKind kind) => _d.Referrals[Index(kind)].DirectBonus;

    /// <summary>
    /// The referral credits of one award: exactly 3 entries, for levels 1, 2, 3, each
    /// <c>earnerAmount × ReferralRate(kind, level)</c> of the ORIGINAL earner's amount (never compounded).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="earnerAmount"/> is negative.</exception>
    /// <exception cref="ArithmeticException">A share cannot be represented exactly (the amount has too many digits).</exception>
    public IReadOnlyList<decimal> ReferralSplit(AccountKind kind, decimal earnerAmount)
    {
        var rates = _d.Referrals[Index(kind)].LevelRates;
        ArgumentOutOfRangeException.ThrowIfNegative(earnerAmount);
        var shares = new decimal[rates.Count];
        for (var i = 0; i < shares.Length; i++)
        {
            shares[i] = Normalize(ExactProduct(earnerAmount, rates[i]));
        }

        return shares;
    }

    private static decimal ExactProduct(decimal a, decimal b)
    {
        var product = a * b;
        if (product.Scale != a.Scale + b.Scale
            && !(ExactDecimal.From(a) * ExactDecimal.From(b)).SameValueAs(ExactDecimal.From(product)))
        {
            throw new ArithmeticException($"{a} × {b} cannot be represented exactly as a decimal.");
        }

        return product;
    }

    private static int Index<T>(T value)
        where T : struct, Enum =>
        Enum.IsDefined(value) ? Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"Undefined {typeof(T).Name}.");
}
