using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cxmpute.Api;

/// <summary>
/// Numbers as the API writes and reads them: the web serializer defaults would describe every number as "number or numeric
/// string", but responses only ever hold JSON numbers and request bodies are read strictly, so the string alternative and its
/// pattern are dropped. Decimal members (money, VRAM) get the format <c>decimal</c> instead of <c>double</c>: exact values.
/// </summary>
public sealed class ExactNumberSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        if (schema.Type is { } type && (type & (JsonSchemaType.Number | JsonSchemaType.Integer)) != 0 && (type & JsonSchemaType.String) != 0)
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        var clr = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (clr == typeof(decimal))
        {
            schema.Format = "decimal";
        }

        return Task.CompletedTask;
    }
}
