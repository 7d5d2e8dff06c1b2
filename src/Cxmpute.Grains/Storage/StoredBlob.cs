namespace Cxmpute.Grains.Storage;

/// <summary>A stored payload with the version tag to pass on the next conditional write.</summary>
public sealed record StoredBlob(byte[] Data, string ETag);
