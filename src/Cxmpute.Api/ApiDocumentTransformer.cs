using Cxmpute.Api.Security;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cxmpute.Api;

/// <summary>Titles the OpenAPI document and describes the API key and the validation rules that the schemas cannot show.</summary>
public sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    private const string Description =
        "Rewards, referrals and stats of Cxmpute. The gateway's X-Api-Key may do everything; an end user's token (Bearer JWT) "
        + "may read its own account and apply a referral code to it. "
        + "Request bodies are JSON objects read strictly: members are case-sensitive camelCase, unknown or duplicate members are "
        + "refused with 400 validation_failed naming the member, and null counts as absent. Every error is application/problem+json "
        + "with a machine-readable `code` and, for 400, an `errors` map of field to messages. Bodies are capped (1 MiB; 8 MiB for a batch): "
        + "a larger one is refused with 413.";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Info = new OpenApiInfo { Title = "Cxmpute rewards API", Version = "v1", Description = Description };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["ApiKey"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiSecurityOptions.HeaderName,
            Description = "The gateway's key: may do everything, on every account.",
        };
        return Task.CompletedTask;
    }
}
