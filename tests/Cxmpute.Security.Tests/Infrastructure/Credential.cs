using System.Net.Http.Headers;
using Cxmpute.Api.Tests.Infrastructure;

namespace Cxmpute.Security.Tests.Infrastructure;

/// <summary>One kind of credential a caller may present, for the access table.</summary>
public enum Credential
{
    None,
    WrongKey,
    GatewayKey,
    TokenForSameAccount,
    TokenForAnotherAccount,
    ExpiredToken,
    TokenSignedWithAnotherKey,
    TokenForAnotherAudience,
    TokenWithoutExpiry,
}

public static class Credentials
{
    /// <summary>Puts the credential on <paramref name="request"/>; <paramref name="account"/> is the account the route names.</summary>
    public static void Apply(this Credential credential, HttpRequestMessage request, string account)
    {
        ArgumentNullException.ThrowIfNull(request);
        switch (credential)
        {
            case Credential.None:
                break;
            case Credential.WrongKey:
                request.Headers.Add("X-Api-Key", "wrong-key-of-the-right-length-0000000000");
                break;
            case Credential.GatewayKey:
                request.Headers.Add("X-Api-Key", CxmputeApiFactory.ApiKey);
                break;
            default:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token(credential, account));
                break;
        }
    }

    private static string Token(Credential credential, string account) => credential switch
    {
        Credential.TokenForSameAccount => TestTokens.For(account),
        Credential.TokenForAnotherAccount => TestTokens.For(account.StartsWith("usr_", StringComparison.Ordinal) ? Ids.User() : Ids.Provider()),
        Credential.ExpiredToken => TestTokens.Expired(account),
        Credential.TokenSignedWithAnotherKey => TestTokens.For(account, signingKey: TestTokens.OtherSigningKey),
        Credential.TokenForAnotherAudience => TestTokens.For(account, audience: "another-service"),
        Credential.TokenWithoutExpiry => TestTokens.For(account, withExpiry: false),
        _ => throw new ArgumentOutOfRangeException(nameof(credential)),
    };
}
