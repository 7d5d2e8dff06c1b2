using System.Net;
using Cxmpute.Api.Tests.Infrastructure;

namespace Cxmpute.Api.Tests;

/// <summary>A write refused with 401 leaves no trace: the account it named is still unknown.</summary>
[Collection(ApiCollection.Name)]
[Trait(Needs.Key, Needs.Grains)]
public sealed class UnauthorizedChangesNothingTests(CxmputeApiFactory factory)
{
    private readonly HttpClient _client = factory.NewClient();

    public static TheoryData<string> Writes => Infrastructure.Writes.Names();

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task A_refused_write_changes_nothing(string name)
    {
        var write = Infrastructure.Writes.Named(name);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.SendJsonAsync(write.Method, write.Path, write.Body, key: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.SendJsonAsync(write.Method, write.Path, write.Body, key: "nope")).StatusCode);

        await ProblemAssert.IsProblemAsync(await _client.GetAsync(write.StatsPath), HttpStatusCode.NotFound, "account_not_found");
    }
}
