using System.Net;
using System.Text.Json;
using Cxmpute.Api.Tests.Infrastructure;

namespace Cxmpute.Properties.Tests.Http;

/// <summary>
/// Found by the fuzzer: JSON that escapes a lone UTF-16 surrogate (<c>"\ud800"</c>) is well-formed JSON but no valid text.
/// System.Text.Json throws InvalidOperationException when such a string or member name is read, and the API answered 500
/// internal_error (fixed in d5f882f). The contract says malformed input is 400 validation_failed, naming the field.
/// </summary>
public sealed class LoneSurrogateTests(QuietApiFactory factory) : IClassFixture<QuietApiFactory>
{
    public static TheoryData<string, string, string, string> Requests => new()
    {
        { "POST", "/api/awards", """{"awardId": "\ud800x", "service": "chat", "userId": "usr_surrogate1"}""", "awardId" },
        { "POST", "/api/awards", """{"awardId": "s-2", "service": "\udc00", "userId": "usr_surrogate2"}""", "service" },
        { "POST", "/api/awards", """{"awardId": "s-3", "service": "chat", "userId": "usr_surrogate3", "\ud800": 1}""", "\uFFFD" },
        { "POST", "/api/awards", """{"\ud800": 1,""", "body" },
        { "POST", "/api/user/usr_surrogate4/referral", """{"referralCode": "\udfff"}""", "referralCode" },
        { "PUT", "/api/user/usr_surrogate5", """{"\ud83d": 1}""", "\uFFFD" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task A_lone_surrogate_is_a_400_not_a_500(string method, string path, string body, string field)
    {
        using var client = factory.NewClient();

        var response = await client.SendJsonAsync(new HttpMethod(method), path, body, CxmputeApiFactory.ApiKey);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").EnumerateObject().Any(e => e.Name.Contains(field, StringComparison.Ordinal) || field == "\uFFFD"), text);
    }

    [Fact]
    public async Task A_lone_surrogate_in_a_batch_item_fails_that_item_only()
    {
        using var client = factory.NewClient();

        var response = await client.PostJsonAsync("/api/awards/batch", """{"awards": [{"awardId": "\udc00", "service": "chat", "userId": "usr_surrogate6"}]}""");

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        Assert.Equal(400, JsonDocument.Parse(text).RootElement.GetProperty("results")[0].GetProperty("status").GetInt32());
    }
}
