using Cxmpute.Abstractions;
using Cxmpute.LoadTest.Population;

namespace Cxmpute.LoadTest.Targets;

/// <summary>One award as sent: its schedule index, its id and its fields. A retry sends exactly the same values.</summary>
internal readonly record struct AwardWire(long Index, string AwardId, string Service, string UserId, string ProviderId, string Model, int Tokens, int? LatencyMs)
{
    public static AwardWire From(LoadPopulation population, string idPrefix, long index)
    {
        var award = population.Award(index);
        return new AwardWire(
            index,
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{idPrefix}-{index}"),
            LoadPopulation.Services[award.Service],
            population.UserId(award.User),
            population.ProviderId(award.Provider),
            award.Model,
            award.Tokens,
            award.Latency);
    }

    public AwardRequest ToRequest() => new(AwardId, Service, UserId, ProviderId, Model, Tokens, LatencyMs, null);
}
