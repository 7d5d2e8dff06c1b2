namespace Cxmpute.Silo.Hosting;

/// <summary>
/// Finds the <c>silo-config</c> folder: <c>CXMPUTE_CONFIG_DIR</c> when set, else the first <c>silo-config</c> found walking up
/// from the content root, else walking up from the application's base directory.
/// </summary>
public static class ConfigDirectory
{
    public const string EnvironmentVariable = "CXMPUTE_CONFIG_DIR";
    public const string FolderName = "silo-config";

    public static string? Find(string contentRoot)
    {
        var explicitDirectory = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(explicitDirectory))
        {
            var full = Path.GetFullPath(explicitDirectory);
            return Directory.Exists(full)
                ? full
                : throw new DirectoryNotFoundException($"{EnvironmentVariable} names '{full}', which does not exist.");
        }

        return WalkUp(contentRoot) ?? WalkUp(AppContext.BaseDirectory);
    }

    private static string? WalkUp(string? start)
    {
        for (var directory = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, FolderName);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
