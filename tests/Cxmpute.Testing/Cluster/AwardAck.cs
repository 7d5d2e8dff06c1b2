using System.Text.Json;

namespace Cxmpute.Testing.Cluster;

/// <summary>An acknowledged award (a 200 from POST /api/awards) and the credits its result lists.</summary>
public sealed record AwardAck(string AwardId, bool Duplicate, IReadOnlyList<Credit> Credits)
{
    private static readonly string[] LevelKinds = ["", "primary", "secondary", "tertiary"];

    /// <summary>Reads the award result: user.amount (usage), provider.amount (compute) and each side's referrals[].amount.</summary>
    public static AwardAck Parse(JsonElement result)
    {
        var awardId = result.GetProperty("awardId").GetString()!;
        var credits = new List<Credit>();
        Side("user", "usage");
        Side("provider", "compute");
        return new(awardId, result.GetProperty("duplicate").GetBoolean(), credits);

        void Side(string name, string kind)
        {
            if (!result.TryGetProperty(name, out var side))
            {
                return;
            }

            var earner = side.GetProperty("accountId").GetString()!;
            credits.Add(new(earner, awardId, kind, side.GetProperty("amount").GetDecimal(), earner));
            foreach (var referral in side.GetProperty("referrals").EnumerateArray())
            {
                credits.Add(new(
                    referral.GetProperty("accountId").GetString()!,
                    awardId,
                    LevelKinds[referral.GetProperty("level").GetInt32()],
                    referral.GetProperty("amount").GetDecimal(),
                    earner));
            }
        }
    }
}
