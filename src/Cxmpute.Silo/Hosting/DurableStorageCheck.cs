namespace Cxmpute.Silo.Hosting;

/// <summary>
/// Without a storage connection string a silo keeps the ledger in memory with localhost clustering: every credit is lost
/// at restart. Only the Development environment may run so; every other one refuses to start, naming the setting.
/// </summary>
public static class DurableStorageCheck
{
    public const string Setting = "Cxmpute:Storage:ConnectionString (CXMPUTE_STORAGE_CONNECTION)";

    public static void Ensure(IHostEnvironment environment, HostingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.RunsSilo && !settings.Storage.IsConfigured && !environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"{Setting} is empty, so the ledger would live in memory and lose every credit at restart. The {environment.EnvironmentName} "
                + "environment refuses that: set it to an Azure Storage connection string (in-memory storage is for Development only).");
        }
    }
}
