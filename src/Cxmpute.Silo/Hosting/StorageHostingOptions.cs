namespace Cxmpute.Silo.Hosting;

/// <summary>
/// Storage (section <c>Cxmpute:Storage</c>; <c>CXMPUTE_STORAGE_CONNECTION</c> sets the connection string). Empty
/// connection string: localhost clustering and in-memory grain storage, which only the Development environment may run
/// (<see cref="DurableStorageCheck"/>).
/// </summary>
public sealed class StorageHostingOptions
{
    public const string SectionName = "Cxmpute:Storage";

    public string? ConnectionString { get; set; }

    /// <summary>The Azure Table holding cluster membership: letters and digits only, 3–63 characters.</summary>
    public string MembershipTable { get; set; } = "cxmembership";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString);
}
