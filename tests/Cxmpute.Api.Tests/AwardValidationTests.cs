using System.Text.Json.Nodes;
using Cxmpute.Api.Tests.Infrastructure;

namespace Cxmpute.Api.Tests;

/// <summary>Every bad award is a 400 validation_failed naming the field; nothing reaches the ledger.</summary>
[Collection(ApiCollection.Name)]
public sealed class AwardValidationTests(CxmputeApiFactory factory)
{
    private readonly HttpClient _client = factory.NewClient();

    private Task<HttpResponseMessage> PostAsync(string json) => _client.PostJsonAsync("/api/awards", json);

    private Task<HttpResponseMessage> PostAsync(JsonObject award) => _client.PostJsonAsync("/api/awards", award);

    private static JsonObject With(string member, JsonNode? value)
    {
        var award = Awards.UserChat();
        award[member] = value;
        return award;
    }

    [Fact]
    public async Task Malformed_json_names_the_field_where_it_broke()
    {
        var response = await PostAsync("""{"awardId": "req-1", "service": "chat", "userId": "usr_a", "tokens": 12a}""");
        await ProblemAssert.IsValidationAsync(response, "tokens");
    }

    [Fact]
    public async Task Malformed_json_before_any_field_names_the_body()
    {
        await ProblemAssert.IsValidationAsync(await PostAsync("{not json"), "body");
    }

    [Fact]
    public async Task Truncated_json_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await PostAsync("""{"awardId": "req-1", "service": """), "service");
    }

    [Fact]
    public async Task An_empty_body_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await PostAsync(""), "body");
    }

    [Fact]
    public async Task A_body_that_is_not_an_object_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await PostAsync("[1, 2]"), "body");
    }

    [Fact]
    public async Task Tokens_as_a_string_is_a_wrong_type()
    {
        await ProblemAssert.IsValidationAsync(await PostAsync(With("tokens", "1000")), "tokens");
    }

    [Fact]
    public async Task AwardId_as_a_number_is_a_wrong_type()
    {
        await ProblemAssert.IsValidationAsync(await PostAsync(With("awardId", 123)), "awardId");
    }

    [Fact]
    public async Task UserId_as_a_boolean_is_a_wrong_type()
    {
        await ProblemAssert.IsValidationAsync(await PostAsync(With("userId", true)), "userId");
    }

    [Fact]
    public async Task OccurredAt_as_a_number_is_a_wrong_type()
    {
        await ProblemAssert.IsValidationAsync(await PostAsync(With("occurredAt", 1764237600)), "occurredAt");
    }

    [Fact]
    public async Task An_unknown_field_is_refused_and_named()
    {
        await ProblemAssert.IsValidationAsync(await PostAsync(With("bonus", 5)), "bonus");
    }

    [Fact]
    public async Task Field_names_are_case_sensitive()
    {
        var award = Awards.UserChat();
        award.Remove("tokens");
        award["Tokens"] = 5;
        await ProblemAssert.IsValidationAsync(await PostAsync(award), "Tokens");
    }

    [Fact]
    public async Task A_duplicate_field_is_refused()
    {
        var json = $$"""{"awardId": "{{Ids.Award()}}", "service": "chat", "userId": "usr_a", "userId": "usr_b"}""";
        await ProblemAssert.IsValidationAsync(await PostAsync(json), "userId");
    }

    [Fact]
    public async Task An_oversize_awardId_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await PostAsync(With("awardId", new string('a', 129))), "awardId");
    }

    [Fact]
    public async Task An_awardId_of_128_characters_is_accepted_by_validation()
    {
        var response = await PostAsync(With("awardId", new string('a', 96) + Guid.NewGuid().ToString("N")));
        Assert.NotEqual(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_awardId_with_a_space_is_off_pattern()
    {
        await ProblemAssert.IsValidationAsync(await PostAsync(With("awardId", "req 1")), "awardId");
    }

    [Fact]
    public async Task An_empty_awardId_is_off_pattern()
    {
        await ProblemAssert.IsValidationAsync(await PostAsync(With("awardId", "")), "awardId");
    }

    [Fact]
    public async Task A_missing_awardId_is_refused()
    {
        var award = Awards.UserChat();
        award.Remove("awardId");
        await ProblemAssert.IsValidationAsync(await PostAsync(award), "awardId");
    }

    [Fact]
    public async Task An_oversize_model_is_refused()
    {
        var award = Awards.ProviderChat(Ids.Provider(), model: new string('m', 129));
        await ProblemAssert.IsValidationAsync(await PostAsync(award), "model");
    }

    [Fact]
    public async Task An_oversize_userId_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await PostAsync(With("userId", "usr_" + new string('a', 65))), "userId");
    }

    [Fact]
    public async Task A_userId_off_pattern_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await PostAsync(With("userId", "user_1")), "userId");
    }

    [Fact]
    public async Task A_provider_id_in_userId_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await PostAsync(With("userId", Ids.Provider())), "userId");
    }

    [Fact]
    public async Task A_providerId_off_pattern_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await PostAsync(Awards.ProviderChat("prov_bad!id")), "providerId");
    }

    [Fact]
    public async Task A_providerId_with_nothing_after_the_prefix_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await PostAsync(Awards.ProviderChat("prov_")), "providerId");
    }

    [Fact]
    public async Task An_unknown_service_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await PostAsync(With("service", "video")), "service");
    }

    [Fact]
    public async Task A_missing_service_is_refused()
    {
        var award = Awards.UserChat();
        award.Remove("service");
        await ProblemAssert.IsValidationAsync(await PostAsync(award), "service");
    }

    [Fact]
    public async Task Negative_tokens_are_refused()
    {
        await ProblemAssert.IsValidationAsync(await PostAsync(With("tokens", -1)), "tokens");
    }

    [Fact]
    public async Task Tokens_beyond_int_are_refused()
    {
        await ProblemAssert.IsValidationAsync(await PostAsync(With("tokens", 2147483648L)), "tokens");
    }

    [Fact]
    public async Task Tokens_far_beyond_long_are_refused()
    {
        var json = $$"""{"awardId": "{{Ids.Award()}}", "service": "chat", "userId": "usr_a", "tokens": 99999999999999999999999999}""";
        await ProblemAssert.IsValidationAsync(await PostAsync(json), "tokens");
    }

    [Fact]
    public async Task Fractional_tokens_are_refused()
    {
        await ProblemAssert.IsValidationAsync(await PostAsync(With("tokens", 1.5m)), "tokens");
    }

    [Fact]
    public async Task Negative_latency_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await PostAsync(With("latencyMs", -1)), "latencyMs");
    }

    [Fact]
    public async Task Latency_beyond_int_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await PostAsync(With("latencyMs", 2147483648L)), "latencyMs");
    }

    [Fact]
    public async Task A_provider_award_without_model_is_refused()
    {
        var award = Awards.ProviderChat(Ids.Provider());
        award.Remove("model");
        await ProblemAssert.IsValidationAsync(await PostAsync(award), "model");
    }

    [Fact]
    public async Task An_award_with_neither_user_nor_provider_is_refused()
    {
        var award = Awards.UserChat();
        award.Remove("userId");
        var problem = await ProblemAssert.IsValidationAsync(await PostAsync(award), "userId");
        ProblemAssert.HasFieldError(problem, "providerId");
    }

    [Fact]
    public async Task Null_user_and_provider_count_as_absent()
    {
        var award = Awards.UserChat();
        award["userId"] = null;
        award["providerId"] = null;
        await ProblemAssert.IsValidationAsync(await PostAsync(award), "userId");
    }

    [Fact]
    public async Task OccurredAt_more_than_5_minutes_ahead_is_refused()
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(10).ToString("O");
        await ProblemAssert.IsValidationAsync(await PostAsync(With("occurredAt", at)), "occurredAt");
    }

    [Fact]
    public async Task OccurredAt_more_than_30_days_back_is_refused()
    {
        var at = DateTimeOffset.UtcNow.AddDays(-31).ToString("O");
        await ProblemAssert.IsValidationAsync(await PostAsync(With("occurredAt", at)), "occurredAt");
    }

    [Fact]
    public async Task OccurredAt_that_is_not_a_date_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await PostAsync(With("occurredAt", "yesterday")), "occurredAt");
    }

    [Fact]
    public async Task OccurredAt_without_an_offset_is_refused()
    {
        await ProblemAssert.IsValidationAsync(await PostAsync(With("occurredAt", "2026-11-27T10:00:00")), "occurredAt");
    }

    [Fact]
    public async Task Every_bad_field_is_listed_at_once()
    {
        var json = """{"awardId": "a b", "service": "video", "userId": "x", "tokens": -5, "latencyMs": "fast"}""";
        var problem = await ProblemAssert.IsValidationAsync(await PostAsync(json), "awardId");
        foreach (var field in new[] { "service", "userId", "tokens", "latencyMs" })
        {
            ProblemAssert.HasFieldError(problem, field);
        }
    }
}
