using System.Diagnostics.Metrics;

namespace Cxmpute.Client;

/// <summary>The publisher's instruments (meter <see cref="AwardPublisher.MeterName"/>).</summary>
internal sealed class PublisherMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly bool _ownsMeter;

    public PublisherMetrics(IMeterFactory? meterFactory, Func<int> queueLength)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(AwardPublisher.MeterName) ?? new Meter(AwardPublisher.MeterName);
        _meter.CreateObservableGauge("cxmpute.publisher.queue.length", queueLength, "{award}", "Awards queued, not yet in a batch.");
        BatchSize = _meter.CreateHistogram<int>("cxmpute.publisher.batch.size", "{award}", "Awards per batch sent.");
        Latency = _meter.CreateHistogram<double>("cxmpute.publisher.latency", "ms", "From PublishAsync to its outcome, per award.");
        Retries = _meter.CreateCounter<long>("cxmpute.publisher.retries", "{retry}", "Batch retries (503, 429, timeouts, connection errors).");
        Awards = _meter.CreateCounter<long>("cxmpute.publisher.awards", "{award}", "Awards completed, tagged outcome=ok|error.");
        InFlight = _meter.CreateUpDownCounter<int>("cxmpute.publisher.batches.in_flight", "{batch}", "Batches being sent.");
    }

    public Histogram<int> BatchSize { get; }

    public Histogram<double> Latency { get; }

    public Counter<long> Retries { get; }

    public Counter<long> Awards { get; }

    public UpDownCounter<int> InFlight { get; }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
