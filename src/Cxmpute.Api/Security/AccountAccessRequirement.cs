using Microsoft.AspNetCore.Authorization;

namespace Cxmpute.Api.Security;

/// <summary>Access to the account named by the route (<c>{userId}</c> or <c>{providerId}</c>); see <see cref="AccountAccessHandler"/>.</summary>
public sealed record AccountAccessRequirement(bool AllowsPublicReads) : IAuthorizationRequirement;
