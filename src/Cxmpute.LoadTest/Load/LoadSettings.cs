namespace Cxmpute.LoadTest.Load;

/// <summary>Knobs shared by every scenario of a run.</summary>
internal sealed record LoadSettings(int MaxAttempts = 30, int MaxInFlight = 4096, double ScrapeSeconds = 2, double SettleSeconds = 6);
