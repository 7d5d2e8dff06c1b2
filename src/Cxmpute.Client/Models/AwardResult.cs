namespace Cxmpute.Client;

/// <summary>
/// A credited award: every credit, referral credits included, is durable. <see cref="Duplicate"/> is true when the award id had
/// already been credited (nothing was credited again; the amounts are those of the first time).
/// </summary>
/// <param name="AwardId">The award's id.</param>
/// <param name="Duplicate">Whether this award id had been credited before.</param>
/// <param name="User">The user's side; null when the award named no user.</param>
/// <param name="Provider">The provider's side; null when the award named no provider.</param>
public sealed record AwardResult(string AwardId, bool Duplicate, UserAward? User, ProviderAward? Provider);
