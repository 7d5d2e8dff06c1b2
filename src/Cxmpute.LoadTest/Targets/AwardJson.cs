using System.Buffers;
using System.Text.Json;

namespace Cxmpute.LoadTest.Targets;

/// <summary>Writes award bodies by hand (Utf8JsonWriter): the contract's field names, nothing reflected.</summary>
internal static class AwardJson
{
    public static byte[] Single(in AwardWire award)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, award);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Batch(ReadOnlySpan<AwardWire> awards)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + (awards.Length * 200));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("awards");
            foreach (var award in awards)
            {
                Write(writer, award);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, in AwardWire award)
    {
        writer.WriteStartObject();
        writer.WriteString("awardId", award.AwardId);
        writer.WriteString("service", award.Service);
        writer.WriteString("userId", award.UserId);
        writer.WriteString("providerId", award.ProviderId);
        writer.WriteString("model", award.Model);
        writer.WriteNumber("tokens", award.Tokens);
        if (award.LatencyMs is { } latency)
        {
            writer.WriteNumber("latencyMs", latency);
        }

        writer.WriteEndObject();
    }
}
