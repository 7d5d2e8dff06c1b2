using System.Net;
using Cxmpute.Api.Tests.Infrastructure;

namespace Cxmpute.Api.Tests;

/// <summary>Bodies are capped (1 MiB single, 8 MiB batch): a 10 MB body is refused with 413 without being buffered whole.</summary>
[Collection(ApiCollection.Name)]
public sealed class BodyLimitTests(CxmputeApiFactory factory)
{
    private const int TenMegabytes = 10 * 1000 * 1000;
    private readonly HttpClient _client = factory.NewClient();

    [Theory]
    [InlineData("/api/awards")]
    [InlineData("/api/awards/batch")]
    public async Task A_10_MB_body_with_a_length_is_refused(string path)
    {
        var json = "{\"awardId\": \"" + new string('a', TenMegabytes) + "\"}";
        var response = await _client.PostJsonAsync(path, json);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task A_10_MB_body_to_a_put_is_refused()
    {
        var json = "{\"vramGb\": 24, \"pad\": \"" + new string('a', TenMegabytes) + "\"}";
        var response = await _client.PutJsonAsync($"/api/providers/{Ids.Provider()}", json);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task A_10_MB_chunked_body_is_refused_before_it_is_all_sent()
    {
        var source = new GeneratedJsonStream(TenMegabytes);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/awards") { Content = new StreamContent(source) };
        request.Headers.Add("X-Api-Key", CxmputeApiFactory.ApiKey);
        request.Headers.TransferEncodingChunked = true;

        var response = await _client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.True(source.Produced < TenMegabytes, $"the whole body was read ({source.Produced} bytes)");
    }
}
