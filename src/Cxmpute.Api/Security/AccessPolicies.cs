using Microsoft.AspNetCore.Authorization;

namespace Cxmpute.Api.Security;

/// <summary>
/// The authorization policies of <c>/api</c>, declared on the endpoints with <c>RequireAuthorization</c>:
/// <list type="bullet">
/// <item><see cref="Gateway"/>: the gateway key only (awards, registrations).</item>
/// <item><see cref="AccountReader"/>: the gateway key, a user token whose <c>sub</c> is the route's account, or — only
/// when <c>Cxmpute:PublicReads</c> is on — a caller with no credential at all.</item>
/// <item><see cref="AccountOwner"/>: the gateway key or a user token for the route's account (applying a referral code).</item>
/// </list>
/// </summary>
public static class AccessPolicies
{
    public const string Gateway = "gateway";
    public const string AccountReader = "account-reader";
    public const string AccountOwner = "account-owner";

    public static AuthorizationBuilder AddCxmputePolicies(this AuthorizationBuilder authorization)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        return authorization
            .AddPolicy(Gateway, policy => policy.RequireClaim(CallerClaims.Gateway))
            .AddPolicy(AccountReader, policy => policy.AddRequirements(new AccountAccessRequirement(AllowsPublicReads: true)))
            .AddPolicy(AccountOwner, policy => policy.AddRequirements(new AccountAccessRequirement(AllowsPublicReads: false)));
    }
}
