using Cxmpute.LoadTest.Population;

namespace Cxmpute.LoadTest.Cli;

/// <summary><c>population --out DIR [--plan-awards N]</c>: writes the population and award plan as CSV for the PostgreSQL peer.</summary>
internal static class PopulationCommand
{
    public const string Help = """
        population   write accounts.csv and plan.csv (the same population and awards as `run` with the same seed)
          --out DIR              output folder (required)    --plan-awards N      awards in plan.csv (200000)
        """;

    public static int Run(Args args, ConsoleProgress console)
    {
        var spec = Common.Spec(args);
        var schedule = Common.Schedule(args);
        var output = args.String("out") ?? throw new ArgumentException("--out DIR is required");
        var planAwards = args.Long("plan-awards", 200_000);
        args.EnsureAllUsed();
        var population = new LoadPopulation(spec, schedule);
        var (accounts, plan) = PopulationFiles.Write(population, planAwards, output);
        console.Log($"wrote {accounts} ({population.Accounts:N0} accounts) and {plan} ({planAwards:N0} awards)");
        return 0;
    }
}
