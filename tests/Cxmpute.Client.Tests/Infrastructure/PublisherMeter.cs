using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Cxmpute.Client.Tests.Infrastructure;

/// <summary>Records the measurements of one publisher's meter (matched by the meter factory it was given).</summary>
public sealed class PublisherMeter : IDisposable
{
    private readonly MeterListener _listener = new();

    public PublisherMeter(IMeterFactory factory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == AwardPublisher.MeterName && instrument.Meter.Scope == factory)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Record(instrument.Name, value));
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Record(instrument.Name, value));
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Record(instrument.Name, value));
        _listener.Start();
    }

    public ConcurrentDictionary<string, ConcurrentQueue<double>> Values { get; } = new();

    public IReadOnlyList<double> Of(string instrument)
    {
        _listener.RecordObservableInstruments();
        return Values.TryGetValue(instrument, out var values) ? [.. values] : [];
    }

    public void Dispose() => _listener.Dispose();

    private void Record(string name, double value) => Values.GetOrAdd(name, _ => new()).Enqueue(value);
}
