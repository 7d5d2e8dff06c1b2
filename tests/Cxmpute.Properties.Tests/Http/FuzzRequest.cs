using System.Text;

namespace Cxmpute.Properties.Tests.Http;

/// <summary>One malformed request: every request the fuzzer makes is invalid (or unauthorized) by construction.</summary>
public sealed record FuzzRequest(string Label, string Method, string Path, byte[]? Body, KeyShape Key)
{
    public string BodyText => Body is null ? "" : Encoding.UTF8.GetString(Body);

    public override string ToString() =>
        $"{Label}: {Method} {Path} key={Key} body[{Body?.Length ?? 0}]={(BodyText.Length > 300 ? BodyText[..300] + "..." : BodyText)}";
}

/// <summary>What the request carries as X-Api-Key.</summary>
public enum KeyShape
{
    Valid,
    Missing,
    Wrong,
    Empty,
    Twice,
}
