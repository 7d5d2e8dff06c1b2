namespace Cxmpute.Client;

/// <summary>Where the API is and how to reach it (for <see cref="CxmputeClientServiceCollectionExtensions.AddCxmputeClient"/>).</summary>
public sealed class CxmputeClientOptions
{
    /// <summary>The API's origin, e.g. <c>http://127.0.0.1:5000</c> (the paths start with <c>/api</c>).</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>The gateway's key, sent as <c>X-Api-Key</c> on every request.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// How long one attempt may take before it is abandoned and retried (a batch of 1,000 awards on a busy ledger takes seconds).
    /// The whole request, retries included, may take three times this. Default 20 s.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The publisher's settings (<see cref="AwardPublisher"/> is registered as a singleton beside the client).</summary>
    public AwardPublisherOptions Publisher { get; } = new();
}
