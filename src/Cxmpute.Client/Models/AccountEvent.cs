namespace Cxmpute.Client;

/// <summary>A server-sent event of an account's event stream: <c>ready</c> once subscribed, then <c>changed</c> on each change.</summary>
/// <param name="Event">The event name.</param>
/// <param name="Data">The event's data line(s).</param>
public sealed record AccountEvent(string Event, string Data);
