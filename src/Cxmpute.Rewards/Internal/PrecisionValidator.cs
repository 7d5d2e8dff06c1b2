namespace Cxmpute.Rewards.Internal;

/// <summary>
/// Proves, once at load, that pricing with this schedule never rounds or overflows: it replays each
/// decimal operation of <see cref="RewardSchedule"/> for the largest token count (every intermediate
/// grows with the token count) in arbitrary precision and checks that <see cref="decimal"/> holds each
/// exact result at its natural scale, in which case the decimal operation is exact.
/// </summary>
internal static class PrecisionValidator
{
    private static readonly ExactDecimal MaxTokens = ExactDecimal.From(int.MaxValue);

    public static void Check(ScheduleDefinition d, ScheduleErrors errors)
    {
        for (var i = 0; i <= d.Models.Count; i++)
        {
            var model = i < d.Models.Count ? d.Models[i] : d.DefaultModel;
            var label = model.IsDefault ? "defaultModel" : $"models[{i}] '{model.Name}'";
            foreach (var service in d.Services)
            {
                if (!ProviderIsExact(d, model, service))
                {
                    errors.Add(label, Message($"provider price for service '{service.Service.ToWire()}'"));
                }
            }
        }

        for (var i = 0; i < d.UserPoints.Count; i++)
        {
            var points = d.UserPoints[i];
            var max = E(points.BasePoints) + (MaxTokens * E(points.PointsPerToken));
            if (!(Fits(max) && ReferralsFit(max, d.Referrals[(int)AccountKind.User])))
            {
                errors.Add($"userPoints '{points.Service.ToWire()}'", Message("user points"));
            }
        }
    }

    private static bool ProviderIsExact(ScheduleDefinition d, ModelInfo model, ServiceRates service)
    {
        var tier = d.Tiers[(int)model.Tier];
        var multiplier = E(service.Multiplier);
        var baseStep = E(tier.BaseReward) * multiplier;
        var baseReward = baseStep * E(model.Complexity);
        var tokenStep = MaxTokens * E(tier.TokenMultiplier);
        var tokenReward = service.EarnsTokenReward ? tokenStep * multiplier : E(0m);
        var sum = baseReward + tokenReward;
        if (!(Fits(baseStep, baseReward, tokenStep, tokenReward, sum)))
        {
            return false;
        }

        foreach (var performance in d.Performance.AllMultipliers)
        {
            var amount = sum * E(performance);
            if (!Fits(amount) || !ReferralsFit(amount, d.Referrals[(int)AccountKind.Provider]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ReferralsFit(ExactDecimal amount, ReferralRates referrals) =>
        referrals.LevelRates.All(rate => Fits(amount * E(rate)));

    private static bool Fits(params ReadOnlySpan<ExactDecimal> values)
    {
        foreach (var v in values)
        {
            if (!v.FitsDecimalAsIs)
            {
                return false;
            }
        }

        return true;
    }

    private static ExactDecimal E(decimal d) => ExactDecimal.From(d);

    private static string Message(string what) =>
        $"the {what} for {int.MaxValue} tokens cannot be computed exactly in decimal (too many significant digits or too large); "
        + "use rates with fewer decimal places or smaller values";
}
