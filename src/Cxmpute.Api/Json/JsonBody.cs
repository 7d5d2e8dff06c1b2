using System.Buffers;
using System.Text.Json;
using Cxmpute.Api.Problems;
using Cxmpute.Api.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Cxmpute.Api.Json;

/// <summary>
/// Reads a request body as JSON under a size cap: a declared <c>Content-Length</c> over the cap is refused before a
/// byte is read, and a chunked body is refused as soon as it passes the cap, so an oversize body is never buffered whole.
/// </summary>
public static class JsonBody
{
    private static readonly JsonDocumentOptions Options = new()
    {
        MaxDepth = 32,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    /// <summary>The parsed body (null for an empty body), or the problem to answer with.</summary>
    public static async Task<JsonBodyResult> ReadAsync(HttpRequest request, long limit)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > limit)
        {
            return new(null, ApiProblems.PayloadTooLarge(limit));
        }

        var sizeFeature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        var reader = request.BodyReader;
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(request.HttpContext.RequestAborted);
                var buffer = read.Buffer;
                if (buffer.Length > limit)
                {
                    reader.AdvanceTo(buffer.End);
                    return new(null, ApiProblems.PayloadTooLarge(limit));
                }

                if (read.IsCompleted)
                {
                    var result = Parse(buffer);
                    reader.AdvanceTo(buffer.End);
                    return result;
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new(null, ApiProblems.PayloadTooLarge(limit));
        }
    }

    private static JsonBodyResult Parse(ReadOnlySequence<byte> buffer)
    {
        if (IsBlank(buffer))
        {
            return new(null, null);
        }

        try
        {
            // JsonDocument keeps using the memory it parsed; the pipe's buffer goes back to the pool once the
            // reader advances, so the document gets its own copy.
            return new(JsonDocument.Parse(buffer.ToArray().AsMemory(), Options), null);
        }
        catch (JsonException e)
        {
            var errors = new FieldErrors();
            var at = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
            errors.Add(JsonErrorLocator.Locate(buffer, Options.MaxDepth), $"Malformed JSON{at}.");
            return new(null, ApiProblems.Validation(errors));
        }
    }

    private static bool IsBlank(ReadOnlySequence<byte> buffer)
    {
        foreach (var segment in buffer)
        {
            if (segment.Span.IndexOfAnyExcept(" \t\r\n"u8) >= 0)
            {
                return false;
            }
        }

        return true;
    }
}
