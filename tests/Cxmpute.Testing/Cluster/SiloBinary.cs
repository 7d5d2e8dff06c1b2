using System.Reflection;

namespace Cxmpute.Testing.Cluster;

/// <summary>The silo host built in the configuration of this test assembly (the project reference builds it first).</summary>
public static class SiloBinary
{
    /// <summary>Debug or Release: the configuration this test assembly (and so the silo) was built in.</summary>
    public static string Configuration { get; } =
        typeof(SiloBinary).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>src/Cxmpute.Silo/bin/{Configuration}/net10.0/Cxmpute.Silo.dll, run with <c>dotnet</c>.</summary>
    public static string DllPath
    {
        get
        {
            var path = Path.Combine(RepoPaths.Root, "src", "Cxmpute.Silo", "bin", Configuration, "net10.0", "Cxmpute.Silo.dll");
            return File.Exists(path)
                ? path
                : throw new FileNotFoundException($"The silo is not built: {path}. Run: dotnet build src/Cxmpute.Silo -c {Configuration}", path);
        }
    }
}
