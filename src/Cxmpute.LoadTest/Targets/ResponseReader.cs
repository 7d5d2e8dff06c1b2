using System.Text.Json;
using Cxmpute.LoadTest.Reconcile;

namespace Cxmpute.LoadTest.Targets;

/// <summary>Reads only what the tool needs from response bodies, with a forward-only reader.</summary>
internal static class ResponseReader
{
    /// <summary>
    /// The per-item statuses of <c>{"results": [{"index": i, "status": s, ...}]}</c>, written at their indexes. Returns the
    /// number of items read. A problem nested in an item also has a "status"; only the item's own (depth 3) counts.
    /// </summary>
    public static int BatchStatuses(ReadOnlySpan<byte> json, Span<int> statuses)
    {
        var reader = new Utf8JsonReader(json);
        var read = 0;
        var index = -1;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 3)
            {
                continue;
            }

            if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                index = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("status"u8))
            {
                reader.Read();
                var status = reader.GetInt32();
                var at = index >= 0 ? index : read;
                if ((uint)at < (uint)statuses.Length)
                {
                    statuses[at] = status;
                    read++;
                }

                index = -1;
            }
        }

        return read;
    }

    /// <summary>The <c>lifetime</c> member of a stats response: <c>{"earned", "referral", "total"}</c>, exact decimals.</summary>
    public static AccountTotals Lifetime(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("lifetime"u8))
            {
                reader.Read();
                decimal earned = 0, referral = 0, total = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString();
                    reader.Read();
                    switch (name)
                    {
                        case "earned": earned = reader.GetDecimal(); break;
                        case "referral": referral = reader.GetDecimal(); break;
                        case "total": total = reader.GetDecimal(); break;
                        default: reader.Skip(); break;
                    }
                }

                return new AccountTotals(earned, referral, total);
            }
        }

        throw new FormatException("the stats response has no lifetime member");
    }

    /// <summary>The <c>code</c> member of a problem document, if any.</summary>
    public static string? ProblemCode(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("code"u8))
                {
                    reader.Read();
                    return reader.GetString();
                }
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }
}
