using Cxmpute.Grains;

namespace Cxmpute.Silo.Hosting;

/// <summary>
/// <c>Ledger:ClockOffset</c> (env <c>Ledger__ClockOffset</c>, a TimeSpan such as <c>03:00:00</c> or <c>-00:10:00</c>): moves this
/// silo's <em>ledger</em> clock (<see cref="LedgerClock"/>: entry times, the default <c>occurredAt</c>, the acceptance window,
/// the 30-day figures) by that much, to simulate clock skew between silos in fault tests. Orleans' own clock (membership,
/// timers) and the API's clock are not moved. Unset or zero in every real deployment.
/// </summary>
public static class LedgerClockOffset
{
    public const string Key = "Ledger:ClockOffset";

    public static TimeSpan From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = configuration[Key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return TimeSpan.Zero;
        }

        return TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var offset)
            ? offset
            : throw new InvalidOperationException($"{Key} is '{text}'; expected a time span such as 03:00:00 or -00:10:00.");
    }

    /// <summary>The system clock moved by <paramref name="offset"/>.</summary>
    public static LedgerClock Clock(TimeSpan offset) => new(new OffsetTimeProvider(offset));

    private sealed class OffsetTimeProvider(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;

        public override TimeZoneInfo LocalTimeZone => System.LocalTimeZone;

        public override long GetTimestamp() => System.GetTimestamp();

        public override long TimestampFrequency => System.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            System.CreateTimer(callback, state, dueTime, period);
    }
}
