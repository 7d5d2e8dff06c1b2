using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Cxmpute.Abstractions;
using Cxmpute.Rewards;

namespace Cxmpute.Grains.Journal;

/// <summary>
/// A hash of an award's body as sent (occurredAt as sent, absent when absent), so that a retry matches its original
/// and the same id with another body is a conflict.
/// </summary>
public static class AwardFingerprint
{
    public static UInt128 Of(AwardRequest request, ServiceKind service)
    {
        var text = string.Join('|',
            service.ToWire(),
            request.UserId ?? "-",
            request.ProviderId ?? "-",
            request.Model?.ToUpperInvariant() ?? "-",
            request.Tokens.ToString(CultureInfo.InvariantCulture),
            request.LatencyMs?.ToString(CultureInfo.InvariantCulture) ?? "-",
            request.OccurredAt?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "-");
        return XxHash128.HashToUInt128(Encoding.UTF8.GetBytes(text));
    }

    public static string ToText(UInt128 fingerprint) => fingerprint.ToString("x32", CultureInfo.InvariantCulture);

    public static UInt128 Parse(string text) => UInt128.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
