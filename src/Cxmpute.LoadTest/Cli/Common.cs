using Cxmpute.Grains.Hosting;
using Cxmpute.LoadTest.Population;
using Cxmpute.LoadTest.Report;
using Cxmpute.Rewards;

namespace Cxmpute.LoadTest.Cli;

/// <summary>Options every command shares: the population and the reward schedule.</summary>
internal static class Common
{
    public const string PopulationHelp = """
          --users N              users (100000)              --providers N        providers (10000)
          --seed N               seed of everything (42)     --tag T              letters/digits in every id (default: lt + time)
          --zipf S               Zipf skew (0: uniform)      --schedule FILE      reward schedule (silo-config/rewards-schedule.json)
        """;

    public static PopulationSpec Spec(Args args) => new(
        args.Int("users", 100_000),
        args.Int("providers", 10_000),
        args.Long("seed", 42),
        args.String("tag") ?? "lt" + DateTime.UtcNow.ToString("MMddHHmmss", System.Globalization.CultureInfo.InvariantCulture),
        ZipfExponent: args.Double("zipf", 0));

    public static RewardSchedule Schedule(Args args)
    {
        var path = args.String("schedule");
        if (path is null)
        {
            var directory = LedgerSiloBuilderExtensions.FindConfigDirectory() ?? FindUpwards(Environment.CurrentDirectory)
                ?? throw new ArgumentException("cannot find silo-config/; pass --schedule FILE");
            path = Path.Combine(directory, RewardSchedule.DefaultFileName);
        }

        return RewardSchedule.Load(path);
    }

    public static PopulationInfo Describe(LoadPopulation p) => new(
        p.Spec.Users, p.Spec.Providers, p.Spec.Seed, p.Spec.Tag,
        p.UserForest.Referred, p.ProviderForest.Referred, p.UserForest.MaxDepth, p.ProviderForest.MaxDepth,
        p.Spec.ZipfExponent, p.UserTraffic.Probability(0), p.ProviderTraffic.Probability(0));

    /// <summary>A prefix of award ids unique to this process, so that runs never replay each other's ids.</summary>
    public static string AwardPrefix(string tag) => $"{tag}.{Guid.NewGuid().ToString("N")[..8]}";

    private static string? FindUpwards(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "silo-config");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
