namespace Cxmpute.LoadTest.Cli;

/// <summary>Entry point: <c>run</c> (default), <c>inproc</c>, <c>population</c>, <c>help</c>.</summary>
internal static class LoadTestApp
{
    private static readonly HashSet<string> Flags = ["skip-setup", "no-reconcile", "help"];

    public static async Task<int> RunAsync(string[] args)
    {
        var command = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "run";
        var rest = command == "run" && (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal)) ? args : args.Skip(1).ToArray();
        var console = new ConsoleProgress();
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        try
        {
            var parsed = new Args(rest, Flags);
            if (command is "help" or "-h" or "--help" || parsed.Flag("help"))
            {
                Console.Out.Write(Usage);
                return 0;
            }

            return command switch
            {
                "run" => await RunCommand.RunAsync(parsed, console, cancel.Token),
                "inproc" => await InProcCommand.RunAsync(parsed, console, cancel.Token),
                "population" => PopulationCommand.Run(parsed, console),
                "bench-report" => BenchReportCommand.Run(parsed, console),
                _ => throw new ArgumentException($"unknown command '{command}'"),
            };
        }
        catch (ArgumentException ex)
        {
            console.Log($"error: {ex.Message}");
            console.Log("see: dotnet run --project src/Cxmpute.LoadTest -c Release -- help");
            return 64;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            console.Log("cancelled");
            return 130;
        }
    }

    private static string Usage => $"""
        Cxmpute load test: builds a population, pushes skewed awards, reconciles every account, writes JSON/Markdown/SVG.

        usage: dotnet run --project src/Cxmpute.LoadTest -c Release -- [command] [options]   (or ./run.sh load [options])

        {RunCommand.Help}
        {InProcCommand.Help}
        {PopulationCommand.Help}
        {BenchReportCommand.Help}
        population options (every command):
        {Common.PopulationHelp}
        exit codes: 0 ok, 2 awards left unacknowledged after every retry, 3 reconciliation mismatch, 64 bad arguments
        """;
}
