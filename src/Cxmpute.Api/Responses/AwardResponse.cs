using System.Text.Json.Serialization;
using Cxmpute.Abstractions;

namespace Cxmpute.Api.Responses;

/// <summary>The priced award; <c>user</c> / <c>provider</c> are absent when that side is absent.</summary>
public sealed record AwardResponse(
    string AwardId,
    bool Duplicate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] UserAwardResponse? User,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ProviderAwardResponse? Provider)
{
    public static AwardResponse From(AwardResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(
            result.AwardId,
            result.Duplicate,
            result.User is { } user ? UserAwardResponse.From(user) : null,
            result.Provider is { } provider ? ProviderAwardResponse.From(provider) : null);
    }
}
