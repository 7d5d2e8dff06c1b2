using Cxmpute.LoadTest.Population;

namespace Cxmpute.LoadTest.Tests;

public sealed class ZipfTests
{
    [Fact]
    public void Rank_probabilities_follow_one_over_k()
    {
        var zipf = new ZipfSampler(10_000, 1.0, 7);
        var harmonic = Enumerable.Range(1, 10_000).Sum(k => 1.0 / k);
        Assert.Equal(1 / harmonic, zipf.Probability(0), 9);
        Assert.Equal(1 / (10 * harmonic), zipf.Probability(9), 9);
        Assert.Equal(1.0, Enumerable.Range(0, 10_000).Sum(zipf.Probability), 9);
    }

    [Fact]
    public void Draws_are_skewed_towards_a_few_busy_accounts()
    {
        var zipf = new ZipfSampler(10_000, 1.0, 7);
        var random = new SplitMix(123);
        var counts = new int[10_000];
        const int draws = 200_000;
        for (var i = 0; i < draws; i++)
        {
            counts[zipf.Rank(random.NextDouble())]++;
        }

        Assert.InRange(counts[0] / (double)draws, zipf.Probability(0) * 0.95, zipf.Probability(0) * 1.05);
        var topOnePercent = counts.Take(100).Sum() / (double)draws;
        Assert.InRange(topOnePercent, 0.50, 0.56); // H(100) / H(10000) ≈ 0.53
        Assert.True(counts[0] > counts[1] && counts[1] > counts[9] && counts[9] > counts[999]);
    }

    [Fact]
    public void Busy_ranks_map_to_accounts_spread_over_the_population()
    {
        var zipf = new ZipfSampler(10_000, 1.0, 7);
        var busiest = Enumerable.Range(0, 10).Select(zipf.AccountAt).ToList();
        Assert.Equal(10, busiest.Distinct().Count());
        Assert.True(busiest.Max() > 1_000, "the busiest accounts are not simply the first ones created (the forest's roots)");
        Assert.Equal(Enumerable.Range(0, 10_000), Enumerable.Range(0, 10_000).Select(zipf.AccountAt).Order());
    }

    [Fact]
    public void Exponent_zero_is_uniform()
    {
        var zipf = new ZipfSampler(100, 0, 1);
        Assert.All(Enumerable.Range(0, 100), r => Assert.Equal(0.01, zipf.Probability(r), 9));
    }
}
