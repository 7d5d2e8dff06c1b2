namespace Cxmpute.LoadTest.Reconcile;

/// <summary>An account's lifetime figures: own earnings (usage points or compute earnings) and referral rewards (direct bonuses included).</summary>
internal readonly record struct AccountTotals(decimal Earned, decimal Referral, decimal Total)
{
    public static readonly AccountTotals Zero = new(0m, 0m, 0m);

    public bool SameAs(AccountTotals other) => Earned == other.Earned && Referral == other.Referral && Total == other.Total;

    public override string ToString() => $"earned {Earned}, referral {Referral}, total {Total}";
}
