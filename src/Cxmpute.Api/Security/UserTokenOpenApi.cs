using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cxmpute.Api.Security;

/// <summary>
/// Documents end-user tokens in the OpenAPI document: the <c>UserToken</c> HTTP bearer (JWT) scheme, required (as an
/// alternative to the gateway key) on the operations whose policy lets a user token in (its own account's reads and
/// referral), found from the endpoints' authorization metadata.
/// </summary>
public sealed class UserTokenOpenApi : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string SchemeName = "UserToken";

    private static readonly string[] UserPolicies = [AccessPolicies.AccountReader, AccessPolicies.AccountOwner];

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "An end user's token from the Cxmpute platform (HS256; `sub` = the account id; `exp` required): "
                + "reads its own account and applies a referral code to it.",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var policies = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Select(data => data.Policy);
        if (policies.Any(policy => UserPolicies.Contains(policy, StringComparer.Ordinal)))
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
        }

        return Task.CompletedTask;
    }
}
