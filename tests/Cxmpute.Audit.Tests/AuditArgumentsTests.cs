using Cxmpute.Audit.Cli;

namespace Cxmpute.Audit.Tests;

public sealed class AuditArgumentsTests
{
    [Fact]
    public void Options_are_read_in_both_forms()
    {
        var args = AuditArguments.Parse(["--storage", "conn", "--api=http://127.0.0.1:5001", "--concurrency", "64", "--schedule", "a.json", "--schedule=b.json", "--race-window", "5", "--quiet"]);

        Assert.Equal("conn", args.Storage);
        Assert.Equal(new Uri("http://127.0.0.1:5001"), args.Api);
        Assert.Equal(64, args.Concurrency);
        Assert.Equal(["a.json", "b.json"], args.Schedules);
        Assert.Equal(TimeSpan.FromSeconds(5), args.RaceWindow);
        Assert.True(args.Quiet);
    }

    [Theory]
    [InlineData("--bogus", "1")]
    [InlineData("--concurrency", "0")]
    [InlineData("--concurrency", "-3")]
    [InlineData("--api", "ftp://x")]
    [InlineData("positional")]
    [InlineData("--storage")]
    public void Bad_arguments_are_refused(params string[] args) => Assert.ThrowsAny<ArgumentException>(() => AuditArguments.Parse(args));

    [Fact]
    public async Task Help_exits_0_and_lists_the_options()
    {
        var output = new StringWriter();
        Assert.Equal(0, await AuditCommand.RunAsync(["--help"], output, new StringWriter()));
        Assert.Contains("--storage", output.ToString(), StringComparison.Ordinal);
    }
}
