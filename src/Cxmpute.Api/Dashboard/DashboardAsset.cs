namespace Cxmpute.Api.Dashboard;

/// <summary>One file of the page, as embedded in this assembly: its bytes, content type and a strong ETag of its content.</summary>
public sealed record DashboardAsset(string Path, ReadOnlyMemory<byte> Content, string ContentType, string ETag);
