namespace Cxmpute.Dashboard.Tests.Infrastructure;

/// <summary>One block of a <c>text/event-stream</c>: an event (name and data) or, with no name and no data, comment lines only.</summary>
public sealed record ServerSentEvent(string? Event, string? Data, string? Retry, IReadOnlyList<string> Comments)
{
    public bool IsCommentOnly => Event is null && Data is null && Retry is null;
}
