namespace Cxmpute.Client;

/// <summary>Some items of a batch answered a transient status (503, 429, 5xx): the publisher retries those items.</summary>
internal sealed class UnconfirmedItemsException(int count, string? code)
    : Exception($"{count} awards of the batch were not confirmed ({code}); retrying them with the same award ids.");
