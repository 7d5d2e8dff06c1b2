namespace Cxmpute.Grains.Storage;

/// <summary>A conditional write lost: the row changed (or appeared) since it was read. Another activation is writing.</summary>
public sealed class StorageConflictException(string message) : Exception(message);
