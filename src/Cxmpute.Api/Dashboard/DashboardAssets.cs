using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;

namespace Cxmpute.Api.Dashboard;

/// <summary>
/// The page's files, embedded from <c>src/Cxmpute.Dashboard/wwwroot</c> under the logical names <c>dashboard/…</c>
/// (see Cxmpute.Api.csproj), read once at start-up.
/// </summary>
public sealed class DashboardAssets
{
    public const string IndexPath = "index.html";

    private const string Prefix = "dashboard/";

    private readonly FrozenDictionary<string, DashboardAsset> _assets;

    private DashboardAssets(FrozenDictionary<string, DashboardAsset> assets) => _assets = assets;

    public IEnumerable<string> Paths => _assets.Keys;

    public static DashboardAssets FromEmbeddedResources()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var types = new FileExtensionContentTypeProvider();
        var assets = new Dictionary<string, DashboardAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            var normalized = name.Replace('\\', '/');
            if (!normalized.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var path = normalized[Prefix.Length..];
            if (!types.TryGetContentType(path, out var contentType))
            {
                contentType = "application/octet-stream";
            }

            if (contentType.StartsWith("text/", StringComparison.Ordinal) || contentType == "image/svg+xml")
            {
                contentType += "; charset=utf-8";
            }

            var etag = "\"" + Convert.ToBase64String(SHA256.HashData(content), 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "\"";
            assets[path] = new DashboardAsset(path, content, contentType, etag);
        }

        return new DashboardAssets(assets.ToFrozenDictionary(StringComparer.Ordinal));
    }

    public DashboardAsset? Find(string path) => _assets.GetValueOrDefault(path);
}
