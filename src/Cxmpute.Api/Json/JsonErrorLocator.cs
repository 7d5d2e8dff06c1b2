using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Cxmpute.Api.Json;

/// <summary>
/// Names the field where malformed JSON broke off (for example <c>tokens</c> or <c>awards[3].tokens</c>), by replaying the
/// body through a reader up to the error. Runs only on the error path.
/// </summary>
public static class JsonErrorLocator
{
    public const string WholeBody = "body";

    public static string Locate(ReadOnlySequence<byte> json, int maxDepth)
    {
        var frames = new List<Frame>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
        try
        {
            while (reader.Read())
            {
                Step(ref reader, frames);
            }
        }
        catch (JsonException)
        {
            // the error position is where the frames stand now
        }

        return Format(frames);
    }

    /// <summary>The member name, or null when it escapes a lone UTF-16 surrogate (no valid text to report).</summary>
    private static string? NameOf(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static void Step(ref Utf8JsonReader reader, List<Frame> frames)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.PropertyName:
                frames[^1].Name = NameOf(ref reader);
                break;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                CountValue(frames);
                frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray));
                break;
            case JsonTokenType.EndObject or JsonTokenType.EndArray:
                frames.RemoveAt(frames.Count - 1);
                break;
            default:
                CountValue(frames);
                break;
        }
    }

    private static void CountValue(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray)
        {
            frames[^1].Index++;
        }
    }

    private static string Format(List<Frame> frames)
    {
        var path = new StringBuilder();
        foreach (var frame in frames)
        {
            if (frame.IsArray && frame.Index >= 0)
            {
                path.Append('[').Append(frame.Index).Append(']');
            }
            else if (!frame.IsArray && frame.Name is { } name)
            {
                path.Append(path.Length == 0 ? "" : ".").Append(name.Length <= 64 ? name : name[..64]);
            }
        }

        return path.Length == 0 ? WholeBody : path.ToString();
    }

    private sealed class Frame(bool isArray)
    {
        public bool IsArray { get; } = isArray;

        public int Index { get; set; } = -1;

        public string? Name { get; set; }
    }
}
