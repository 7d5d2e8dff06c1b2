using System.Globalization;

namespace Cxmpute.LoadTest.Load;

/// <summary>
/// One load scenario: <c>mode[:key=value]...</c>, e.g. <c>http-batch:conn=8:batch=500:duration=30</c>,
/// <c>http:conn=64:rate=2000:duration=30</c> (open loop), <c>orleans:conn=16:batch=100:awards=1000000</c>.
/// <c>rate=half</c> runs open loop at half the median rate of the previous scenario; <c>repeat=N</c> overrides <c>--repeat</c>;
/// <c>idle=S</c> waits before each run, at most S seconds, until the server's storage writes have caught up with what
/// earlier runs left behind (its storage operations stop), so that a run measures its own load, not their backlog; and
/// after each run, again at most S seconds, so that the storage operations counted for it include the account writes
/// it deferred. <c>zipf=S</c> draws this scenario's users and providers Zipf-skewed with exponent S instead of the
/// population's default traffic (uniform unless <c>--zipf</c> says otherwise); <c>measure=1</c> puts the scenario into the
/// measured span, whose storage operations are counted from its first run until storage is idle after its last
/// (<see cref="StorageSpan"/>); <c>slice=S</c> reports the throughput per S seconds (30; 0 for none).
/// </summary>
internal sealed record ScenarioSpec(string Mode, int Connections, int Batch, double Rate, bool HalfOfPrevious, TimeSpan Duration, long Awards, string Label, int? Repeat = null, TimeSpan IdleWait = default,
    double? Zipf = null, bool Measured = false, double SliceSeconds = ScenarioSpec.DefaultSliceSeconds)
{
    public const double DefaultSliceSeconds = 30;

    public static readonly string[] Modes = ["http", "http-batch", "orleans", "http-publisher"];

    public bool OpenLoop => Rate > 0 || HalfOfPrevious;

    public static ScenarioSpec Parse(string text, TimeSpan defaultDuration, long defaultAwards)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var parts = text.Split(':');
        var mode = parts[0];
        if (!Modes.Contains(mode))
        {
            throw new ArgumentException($"unknown mode '{mode}' in scenario '{text}' (use {string.Join(", ", Modes)})");
        }

        var connections = mode == "http-batch" ? 8 : 64;
        var batch = mode == "http" ? 1 : mode == "http-batch" ? 500 : 1;
        double rate = 0;
        var half = false;
        var duration = defaultDuration;
        var awards = defaultAwards;
        string? label = null;
        int? repeat = null;
        var idle = TimeSpan.Zero;
        double? zipf = null;
        var measured = false;
        var slice = DefaultSliceSeconds;
        foreach (var part in parts.Skip(1))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ArgumentException($"'{part}' in scenario '{text}' is not key=value");
            }

            var (key, value) = (part[..eq], part[(eq + 1)..]);
            switch (key)
            {
                case "conn": connections = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "batch": batch = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "rate" when value == "half": half = true; break;
                case "rate": rate = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "duration": duration = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)); break;
                case "awards": awards = long.Parse(value, CultureInfo.InvariantCulture); break;
                case "label": label = value; break;
                case "repeat": repeat = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "idle": idle = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)); break;
                case "zipf": zipf = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "measure": measured = value is "1" or "true" or "yes"; break;
                case "slice": slice = double.Parse(value, CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown key '{key}' in scenario '{text}' (conn, batch, rate, duration, awards, label, repeat, idle, zipf, measure, slice)");
            }
        }

        if (mode is "http" or "http-publisher" && batch != 1)
        {
            throw new ArgumentException($"mode {mode} sends one award per call; use http-batch for batches");
        }

        if (batch is < 1 or > 1000 || connections < 1)
        {
            throw new ArgumentException($"scenario '{text}': batch must be 1-1000 and conn at least 1");
        }

        if (zipf is < 0 || slice < 0)
        {
            throw new ArgumentException($"scenario '{text}': zipf and slice must not be negative");
        }

        label ??= $"{mode} conn={connections}" + (batch > 1 ? $" batch={batch}" : "") + (half ? " rate=half" : rate > 0 ? $" rate={rate:0}/s" : "")
            + (zipf is { } z ? $" zipf={z.ToString(CultureInfo.InvariantCulture)}" : "");
        return new ScenarioSpec(mode, connections, batch, rate, half, duration, awards, label, repeat, idle, zipf, measured, slice);
    }

    public ScenarioSpec WithRate(double rate) => this with { Rate = rate, HalfOfPrevious = false };
}
