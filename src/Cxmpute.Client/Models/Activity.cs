namespace Cxmpute.Client;

/// <summary>Requests and tokens of the last 30 days.</summary>
/// <param name="Requests">Awards credited.</param>
/// <param name="Tokens">Tokens in them.</param>
public sealed record Activity(long Requests, long Tokens);
