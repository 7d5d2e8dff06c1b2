using System.Net;
using System.Text.Json;

namespace Cxmpute.Api.Tests.Infrastructure;

/// <summary>Assertions on <c>application/problem+json</c> answers.</summary>
public static class ProblemAssert
{
    /// <summary>Asserts the status, the media type and the <c>code</c>; returns the problem document.</summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        return problem;
    }

    /// <summary>Asserts <c>400 validation_failed</c> with <paramref name="field"/> among the <c>errors</c>.</summary>
    public static async Task<JsonElement> IsValidationAsync(HttpResponseMessage response, string field)
    {
        var problem = await IsProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        HasFieldError(problem, field);
        return problem;
    }

    public static void HasFieldError(JsonElement problem, string field)
    {
        Assert.True(problem.TryGetProperty("errors", out var errors), $"no errors member in {problem}");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error for '{field}' in {errors}");
        Assert.True(messages.GetArrayLength() > 0);
    }
}
