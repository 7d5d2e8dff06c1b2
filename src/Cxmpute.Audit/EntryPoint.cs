using Cxmpute.Audit.Cli;

namespace Cxmpute.Audit;

/// <summary>The console entry point (not top-level statements: no second global <c>Program</c> next to the silo's).</summary>
internal static class EntryPoint
{
    public static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        return await AuditCommand.RunAsync(args, Console.Out, Console.Error, cancel.Token);
    }
}
