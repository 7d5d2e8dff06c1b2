namespace Cxmpute.LoadTest.Load;

/// <summary>Knobs shared by every scenario of a run.</summary>
/// <param name="DrainSeconds">After a run's duration, how long requests in flight may keep retrying before their awards are
/// left to the final resolution pass (so that a struggling server cannot stretch a 30 s run to many minutes).</param>
/// <param name="IdleProbeSeconds">How often <c>idle=S</c> reads the server's storage operations while it waits for them to stop.</param>
internal sealed record LoadSettings(int MaxAttempts = 30, int MaxInFlight = 4096, double ScrapeSeconds = 2, double SettleSeconds = 6, double DrainSeconds = 60, double IdleProbeSeconds = 2);
