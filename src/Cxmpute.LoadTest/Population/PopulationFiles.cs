using System.Globalization;
using System.Text;
using Cxmpute.Rewards;

namespace Cxmpute.LoadTest.Population;

/// <summary>
/// Writes the population and the first awards of the schedule as CSV, for the PostgreSQL peer (<c>bench/</c>):
/// <c>accounts.csv</c> (id, kind, parent, vram_gb, tier) and <c>plan.csv</c> (n, user, provider, service, model, tokens,
/// latency_ms, user_amount, provider_amount). The amounts are the schedule's prices (<c>Cxmpute.Rewards</c>, as the silo and the
/// reconciliation compute them): a PostgreSQL-backed service would price in its application code too, so the peer's SQL
/// only books them.
/// </summary>
internal static class PopulationFiles
{
    public static (string Accounts, string Plan) Write(LoadPopulation population, long planAwards, string directory)
    {
        ArgumentNullException.ThrowIfNull(population);
        Directory.CreateDirectory(directory);
        var accounts = Path.Combine(directory, "accounts.csv");
        var plan = Path.Combine(directory, "plan.csv");
        using (var writer = new StreamWriter(accounts, false, new UTF8Encoding(false)))
        {
            for (var i = 0; i < population.Spec.Users; i++)
            {
                var parent = population.UserForest.Parent[i];
                writer.Write(Inv($"{population.UserId(i)},u,{(parent < 0 ? "" : population.UserId(parent))},,\n"));
            }

            for (var i = 0; i < population.Spec.Providers; i++)
            {
                var parent = population.ProviderForest.Parent[i];
                writer.Write(Inv($"{population.ProviderId(i)},p,{(parent < 0 ? "" : population.ProviderId(parent))},{population.ProviderVram[i]},{population.ProviderTier[i]}\n"));
            }
        }

        using (var writer = new StreamWriter(plan, false, new UTF8Encoding(false)))
        {
            for (long n = 0; n < planAwards; n++)
            {
                var a = population.Award(n);
                WireNames.TryParseService(LoadPopulation.Services[a.Service], out var service);
                var userAmount = population.Schedule.PriceUser(service, a.Tokens);
                var providerAmount = population.Schedule.PriceProvider(service, a.Model, a.Tokens, a.Latency, population.ProviderVram[a.Provider]).Amount;
                writer.Write(Inv($"{n + 1},{population.UserId(a.User)},{population.ProviderId(a.Provider)},{LoadPopulation.Services[a.Service]},{a.Model},{a.Tokens},{(a.LatencyMs < 0 ? "" : a.LatencyMs.ToString(CultureInfo.InvariantCulture))},{userAmount},{providerAmount}\n"));
            }
        }

        return (accounts, plan);
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
