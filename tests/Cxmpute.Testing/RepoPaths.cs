namespace Cxmpute.Testing;

/// <summary>Locates the repository from a running test assembly.</summary>
public static class RepoPaths
{
    public const string SolutionFileName = "Cxmpute.Orleans.sln";

    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder holding Cxmpute.Orleans.sln, found by walking up from AppContext.BaseDirectory.</summary>
    public static string Root => LazyRoot.Value;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFileName)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"Could not find {SolutionFileName} in {AppContext.BaseDirectory} or any folder above it.");
    }
}
