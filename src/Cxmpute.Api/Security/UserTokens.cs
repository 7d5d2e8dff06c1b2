using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Cxmpute.Api.Security;

/// <summary>
/// Authentication of <c>/api</c>: a default scheme that forwards to the API key when <c>X-Api-Key</c> is present and to
/// ASP.NET Core's JwtBearer otherwise, so <c>HttpContext.User</c> is known before rate limiting and authorization.
/// </summary>
public static class UserTokens
{
    public const string SchemeName = JwtBearerDefaults.AuthenticationScheme;
    public const string DefaultScheme = "cxmpute";

    public static IServiceCollection AddCxmputeAuthentication(this IServiceCollection services)
    {
        services.AddOptions<UserTokenOptions>().BindConfiguration(UserTokenOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UserTokenOptions>, UserTokenOptionsValidator>());
        services.AddAuthentication(DefaultScheme)
            .AddPolicyScheme(DefaultScheme, "API key or user token", scheme => scheme.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiSecurityOptions.HeaderName) ? ApiKeyAuthenticationHandler.SchemeName : SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddJwtBearer(SchemeName);
        services.AddOptions<JwtBearerOptions>(SchemeName).Configure<IOptions<UserTokenOptions>>((jwt, tokens) => Configure(jwt, tokens.Value));
        services.AddAuthorizationBuilder().AddCxmputePolicies();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, AccountAccessHandler>());
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>(); // replaces the default
        return services;
    }

    private static void Configure(JwtBearerOptions jwt, UserTokenOptions tokens)
    {
        jwt.MapInboundClaims = false; // keep "sub" as "sub"
        jwt.SaveToken = false;
        jwt.IncludeErrorDetails = false;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = tokens.Issuer,
            ValidateAudience = true,
            ValidAudience = tokens.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = tokens.ClockSkew,
            NameClaimType = CallerClaims.Subject,

            // No signing key configured: no token can validate (401), rather than a null-key exception.
            IssuerSigningKey = string.IsNullOrEmpty(tokens.SigningKey)
                ? new SymmetricSecurityKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))
                : new SymmetricSecurityKey(Encoding.UTF8.GetBytes(tokens.SigningKey)),
        };
    }
}
