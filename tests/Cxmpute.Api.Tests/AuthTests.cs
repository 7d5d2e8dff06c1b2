using System.Net;
using Cxmpute.Api.Tests.Infrastructure;

namespace Cxmpute.Api.Tests;

/// <summary>Every POST and PUT under /api needs a valid X-Api-Key: 401 unauthorized otherwise, decided before the body is read.</summary>
[Collection(ApiCollection.Name)]
public sealed class AuthTests(CxmputeApiFactory factory)
{
    private readonly HttpClient _client = factory.NewClient();

    public static TheoryData<string> Writes => Infrastructure.Writes.Names();

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task A_write_without_a_key_is_unauthorized(string name)
    {
        var write = Infrastructure.Writes.Named(name);
        var response = await _client.SendJsonAsync(write.Method, write.Path, write.Body, key: null);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task A_write_with_a_wrong_key_is_unauthorized(string name)
    {
        var write = Infrastructure.Writes.Named(name);
        var response = await _client.SendJsonAsync(write.Method, write.Path, write.Body, key: "wrong-key");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("TEST-KEY-0B7D5F3E-CXMPUTE-API")]
    [InlineData("test-key-0b7d5f3e-cxmpute-ap")]
    [InlineData("test-key-0b7d5f3e-cxmpute-api ")]
    public async Task A_key_that_is_almost_right_is_unauthorized(string key)
    {
        var write = Infrastructure.Writes.Named("award");
        var response = await _client.SendJsonAsync(write.Method, write.Path, write.Body, key);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task The_key_is_checked_before_the_body_is_parsed()
    {
        var response = await _client.PostJsonAsync("/api/awards", "{not json", key: null);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task The_key_is_checked_before_the_body_size()
    {
        var response = await _client.PostJsonAsync("/api/awards", new string(' ', 10 * 1024 * 1024), key: null);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Reads_are_open_in_the_development_profile()
    {
        var response = await _client.GetAsync($"/api/user/{Ids.Provider()}/referral-stats", key: null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode); // reached validation: no key needed
    }
}
