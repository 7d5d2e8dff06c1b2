using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Cxmpute.Api.Security;

/// <summary>
/// Checks a presented key against the configured ones in constant time: both sides are hashed with SHA-256 and the
/// equal-length hashes compared with <see cref="CryptographicOperations.FixedTimeEquals"/>, against every key, without
/// early exit. Keys are never logged.
/// </summary>
public sealed class ApiKeyValidator : IDisposable
{
    private readonly IDisposable? subscription;
    private volatile byte[][] hashes;

    public ApiKeyValidator(IOptionsMonitor<ApiSecurityOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        hashes = Hash(options.CurrentValue);
        subscription = options.OnChange(changed => hashes = Hash(changed));
    }

    /// <summary>The index of the configured key that matches, or -1.</summary>
    public int Match(StringValues presented)
    {
        if (presented.Count != 1 || presented[0] is not { Length: > 0 } key)
        {
            return -1;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        var match = -1;
        var configured = hashes;
        for (var i = 0; i < configured.Length; i++)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, configured[i]))
            {
                match = i;
            }
        }

        return match;
    }

    public bool IsValid(StringValues presented) => Match(presented) >= 0;

    public void Dispose() => subscription?.Dispose();

    private static byte[][] Hash(ApiSecurityOptions options) =>
        [.. options.ConfiguredKeys().Select(key => SHA256.HashData(Encoding.UTF8.GetBytes(key)))];
}
