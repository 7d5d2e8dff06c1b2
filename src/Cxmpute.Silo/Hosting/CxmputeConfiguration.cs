namespace Cxmpute.Silo.Hosting;

/// <summary>Layers the configuration: silo-config files, then environment variables, then the command line.</summary>
public static class CxmputeConfiguration
{
    /// <summary>Where the ledger resolves relative paths such as <c>Ledger:ScheduleFile</c>.</summary>
    public const string LedgerConfigDirectoryKey = "Ledger:ConfigDirectory";

    /// <summary>
    /// Adds <c>silo-config/appsettings.json</c> and <c>appsettings.{Environment}.json</c>, and over them the environment
    /// (<c>ASPNETCORE_*</c>, standard <c>__</c> nesting, then the <c>CXMPUTE_*</c> aliases) and the command line, each
    /// overriding what comes before it.
    /// </summary>
    public static WebApplicationBuilder AddCxmputeConfiguration(this WebApplicationBuilder builder, string[] args)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var directory = ConfigDirectory.Find(builder.Environment.ContentRootPath);
        if (directory is not null)
        {
            configuration.AddJsonFile(Path.Combine(directory, "appsettings.json"), optional: true, reloadOnChange: false);
            configuration.AddJsonFile(Path.Combine(directory, $"appsettings.{builder.Environment.EnvironmentName}.json"), optional: true, reloadOnChange: false);
        }

        configuration.AddEnvironmentVariables("ASPNETCORE_"); // ASPNETCORE_URLS beats the files' Urls, as usual
        configuration.AddEnvironmentVariables();
        configuration.AddInMemoryCollection(EnvironmentAliases.Read());
        configuration.AddCommandLine(args);
        if (directory is not null && string.IsNullOrEmpty(configuration[LedgerConfigDirectoryKey]))
        {
            configuration.AddInMemoryCollection([new(LedgerConfigDirectoryKey, directory)]);
        }

        return builder;
    }
}
