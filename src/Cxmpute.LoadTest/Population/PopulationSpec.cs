namespace Cxmpute.LoadTest.Population;

/// <summary>What a population is made from; the same spec (same seed) always gives the same accounts, forest and awards.</summary>
/// <param name="Users">Number of user accounts.</param>
/// <param name="Providers">Number of provider accounts.</param>
/// <param name="Seed">Seed of every random choice.</param>
/// <param name="Tag">Letters and digits put into every account id, so that runs on the same storage do not share accounts.</param>
/// <param name="ReferredShare">Share of accounts that apply a referral code (about 0.7).</param>
/// <param name="MaxDepth">Deepest referral chain (6).</param>
/// <param name="ZipfExponent">Skew of the traffic: rank k is drawn with probability proportional to 1/k^s; 0 (the default) is
/// uniform over all accounts.</param>
internal sealed record PopulationSpec(
    int Users = 100_000,
    int Providers = 10_000,
    long Seed = 42,
    string Tag = "lt",
    double ReferredShare = 0.7,
    int MaxDepth = 6,
    double ZipfExponent = 0);
