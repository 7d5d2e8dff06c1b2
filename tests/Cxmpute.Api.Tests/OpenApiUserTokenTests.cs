using System.Text.Json;
using Cxmpute.Api.Tests.Infrastructure;

namespace Cxmpute.Api.Tests;

/// <summary>The OpenAPI document names the end-user bearer scheme on exactly the operations a user token may call, and 403.</summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiUserTokenTests(CxmputeApiFactory factory)
{
    [Fact]
    public async Task The_user_token_scheme_is_on_the_own_account_operations_only()
    {
        using var client = factory.NewClient();
        var document = await JsonAssert.IsOkAsync(await client.GetAsync("/openapi/v1.json"));

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("UserToken");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.Equal("JWT", scheme.GetProperty("bearerFormat").GetString());

        string[] userOperations =
        [
            "GetUserReferralStats", "GetUserRewards", "GetUserEvents", "ApplyUserReferral",
            "GetProviderReferralStats", "GetProviderRewards", "GetProviderEvents", "ApplyProviderReferral",
        ];
        var seen = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(member => member.Name is "get" or "put" or "post" or "delete" or "patch"))
            {
                var id = operation.Value.TryGetProperty("operationId", out var operationId) ? operationId.GetString()! : $"{operation.Name} {path.Name}";
                var usesToken = operation.Value.TryGetProperty("security", out var security)
                    && security.EnumerateArray().Any(requirement => requirement.TryGetProperty("UserToken", out _));
                Assert.True(usesToken == userOperations.Contains(id), $"{id}: UserToken {(usesToken ? "present" : "absent")}");
                if (usesToken)
                {
                    seen.Add(id);
                    Assert.True(operation.Value.GetProperty("responses").TryGetProperty("403", out _), $"{id} documents no 403");
                }
            }
        }

        Assert.Equal(userOperations.Order(), seen.Order());
    }
}
