namespace Cxmpute.Testing.Cluster;

/// <summary>
/// One credit to one account, as the rewards history lists it: <c>kind</c> usage, compute, primary, secondary, tertiary or
/// direct; <c>source</c> the account whose activity earned it. Decimal equality ignores trailing zeros.
/// </summary>
public sealed record Credit(string AccountId, string AwardId, string Kind, decimal Amount, string SourceAccountId);
