using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cxmpute.Api;

/// <summary>
/// Lists as required only the members a body must have and an answer always has: the generator would require every constructor
/// parameter of a record, so that a client generated from the document had to send <c>"providerId": null</c> and expected
/// <c>"user"</c> in every award result. A request member is required when it says <see cref="RequiredAttribute"/>; a response
/// member left out when null (<see cref="JsonIgnoreCondition.WhenWritingNull"/>) is not.
/// </summary>
public sealed class RequiredMembersSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        var type = context.JsonTypeInfo.Type;
        if (schema.Required is not { Count: > 0 } required || type.Namespace?.StartsWith("Cxmpute.Api", StringComparison.Ordinal) != true)
        {
            return Task.CompletedTask;
        }

        var isRequest = type.Namespace == typeof(Requests.AwardBody).Namespace;
        foreach (var property in context.JsonTypeInfo.Properties)
        {
            var attributes = property.AttributeProvider?.GetCustomAttributes(true) ?? [];
            var optional = isRequest
                ? !attributes.OfType<RequiredAttribute>().Any()
                : attributes.OfType<JsonIgnoreAttribute>().Any(a => a.Condition is JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault);
            if (optional)
            {
                required.Remove(property.Name);
            }
        }

        return Task.CompletedTask;
    }
}
