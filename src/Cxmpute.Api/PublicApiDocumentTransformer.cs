using Cxmpute.Abstractions;
using Cxmpute.Api.Problems;
using Cxmpute.Api.Security;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Cxmpute.Api;

/// <summary>
/// Makes the document fit to generate clients from: security on each operation (the API key; an end user's token where
/// <see cref="UserTokenOpenApi"/> found a policy that lets one in; reads also without either when public reads are on), every error response as <c>application/problem+json</c> of the <c>ApiProblem</c> schema naming the
/// contract's codes, tag descriptions, and server URLs without a trailing slash. Only routes under <c>/api</c> are in the
/// document (<see cref="CxmputeApiServices"/> filters the rest, such as the Orleans Dashboard's).
/// </summary>
public sealed class PublicApiDocumentTransformer(IOptionsMonitor<ApiSecurityOptions> security) : IOpenApiDocumentTransformer
{
    public const string ApiKeyScheme = "ApiKey";
    public const string ProblemSchema = "ApiProblem";
    public const string ProblemContentType = "application/problem+json";

    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Awards"] = "Credit served requests, one at a time or up to 1,000 per batch; the awardId makes every retry safe.",
        ["Providers"] = "Provider accounts: hardware registration, referral codes, stats, ledger history and change events.",
        ["Users"] = "User accounts: creation, referral codes, stats, ledger history and change events.",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }

        var publicReads = security.CurrentValue.PublicReads;
        foreach (var (_, pathItem) in document.Paths ?? [])
        {
            foreach (var (method, operation) in pathItem.Operations ?? [])
            {
                var isRead = method == HttpMethod.Get || method == HttpMethod.Head;
                // The gateway key first, then what the operation transformers found (a user token), then none at all.
                List<OpenApiSecurityRequirement> requirements = [KeyRequirement(document), .. operation.Security ?? []];
                if (isRead && publicReads)
                {
                    requirements.Add(new OpenApiSecurityRequirement());
                }

                operation.Security = requirements;
                DescribeErrors(document, operation);
            }
        }

        document.Tags = new HashSet<OpenApiTag>(
            TagDescriptions.Select(tag => new OpenApiTag { Name = tag.Key, Description = tag.Value }));
        if (document.Components?.Schemas is { } schemas)
        {
            // Error responses now all name ApiProblem; the framework's problem shapes are no longer referenced.
            schemas.Remove("ProblemDetails");
            schemas.Remove("HttpValidationProblemDetails");
        }

        return Task.CompletedTask;
    }

    private static OpenApiSecurityRequirement KeyRequirement(OpenApiDocument document) =>
        new() { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] };

    private static void DescribeErrors(OpenApiDocument document, OpenApiOperation operation)
    {
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (!int.TryParse(status, out var code) || code < 400 || response is not OpenApiResponse concrete)
            {
                continue;
            }

            concrete.Description = $"{ReasonOf(code)}: `code` {string.Join(" | ", CodesOf(code, operation).Select(c => $"`{c}`"))}.";
            concrete.Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                [ProblemContentType] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
            };
        }
    }

    private static string ReasonOf(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);

    /// <summary>The contract's codes an operation answers with this status.</summary>
    public static IReadOnlyList<string> CodesOf(int status, OpenApiOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var isAward = operation.OperationId == "PostAward";
        return status switch
        {
            400 => [ErrorCodes.ValidationFailed],
            401 => [ErrorCodes.Unauthorized],
            403 => ["forbidden"],
            404 => [ErrorCodes.AccountNotFound],
            409 => isAward ? [ErrorCodes.AwardIdConflict] : [ErrorCodes.ReferrerAlreadySet],
            413 => [ApiErrorCodes.PayloadTooLarge],
            422 => isAward
                ? [ErrorCodes.TierNotEligible]
                : [ErrorCodes.SelfReferral, ErrorCodes.ReferralKindMismatch, ErrorCodes.ReferralCycle],
            429 => [ApiErrorCodes.RateLimited],
            503 => [ErrorCodes.Unavailable],
            _ => [ApiErrorCodes.InternalError],
        };
    }
}
