using System.Text.Json;
using Cxmpute.Api.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;

namespace Cxmpute.Api.Tests;

/// <summary>Cluster and storage failures from a grain call become 503 unavailable with Retry-After; nothing leaks a stack trace.</summary>
public sealed class ExceptionMappingTests
{
    public static TheoryData<Exception> Unavailable =>
    [
        new TimeoutException("Response did not arrive on time"),
        new IOException("storage unavailable"),
        new OrleansException("cluster trouble"),
        new SiloUnavailableException("silo gone"),
        new Azure.RequestFailedException(503, "storage down"),
        new InvalidOperationException("wrapped", new TimeoutException()),
        new AggregateException(new Azure.RequestFailedException("throttled")),
    ];

    [Theory]
    [MemberData(nameof(Unavailable))]
    public async Task Cluster_and_storage_failures_are_503_unavailable(Exception exception)
    {
        var (context, problem) = await HandleAsync(exception);

        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal("1", context.Response.Headers.RetryAfter.ToString());
        Assert.Equal("unavailable", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Any_other_failure_is_a_bare_500()
    {
        var (context, problem) = await HandleAsync(new InvalidOperationException("secret internal detail"));

        Assert.Equal(500, context.Response.StatusCode);
        Assert.Equal("internal_error", problem.GetProperty("code").GetString());
        Assert.DoesNotContain("secret internal detail", problem.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", problem.GetRawText(), StringComparison.Ordinal);
    }

    private static async Task<(HttpContext Context, JsonElement Problem)> HandleAsync(Exception exception)
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        var handled = await new ApiExceptionHandler(NullLogger<ApiExceptionHandler>.Instance).TryHandleAsync(context, exception, default);
        Assert.True(handled);
        Assert.Equal("application/problem+json", context.Response.ContentType?.Split(';')[0]);
        context.Response.Body.Position = 0;
        return (context, JsonDocument.Parse(context.Response.Body).RootElement.Clone());
    }
}
