namespace Cxmpute.Grains.Accounts;

/// <summary>What an account earned and did on one UTC day (the day of the award's occurredAt).</summary>
public sealed class DayBucket
{
    public const int MaxModels = 32;
    public const string OtherModels = "(other)";

    public DateOnly Day { get; set; }

    public decimal Own { get; set; }

    public decimal Direct { get; set; }

    public decimal Primary { get; set; }

    public decimal Secondary { get; set; }

    public decimal Tertiary { get; set; }

    public long Requests { get; set; }

    public long Tokens { get; set; }

    public long NewReferrals { get; set; }

    public long Fast { get; set; }

    public long Slow { get; set; }

    public long LatencyCount { get; set; }

    public long LatencySum { get; set; }

    public Dictionary<string, decimal>? ByModel { get; set; }

    public Dictionary<string, decimal>? ByTier { get; set; }

    public decimal Referral => Direct + Primary + Secondary + Tertiary;

    public void AddModel(string model, decimal amount)
    {
        ByModel ??= new(StringComparer.Ordinal);
        if (!ByModel.ContainsKey(model) && ByModel.Count >= MaxModels)
        {
            model = OtherModels;
        }

        ByModel[model] = ByModel.GetValueOrDefault(model) + amount;
    }

    public void AddTier(string tier, decimal amount)
    {
        ByTier ??= new(StringComparer.Ordinal);
        ByTier[tier] = ByTier.GetValueOrDefault(tier) + amount;
    }
}
