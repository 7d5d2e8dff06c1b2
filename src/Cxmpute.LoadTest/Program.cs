using Cxmpute.LoadTest.Cli;

namespace Cxmpute.LoadTest;

/// <summary>The console entry point (not top-level statements, so that no second global <c>Program</c> type exists next to the silo's).</summary>
internal static class EntryPoint
{
    public static Task<int> Main(string[] args) => LoadTestApp.RunAsync(args);
}
