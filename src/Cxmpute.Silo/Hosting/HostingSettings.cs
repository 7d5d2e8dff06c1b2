namespace Cxmpute.Silo.Hosting;

/// <summary>The role, cluster and storage settings, read once from configuration when the host is built.</summary>
public sealed record HostingSettings(CxmputeRole Role, OrleansHostingOptions Orleans, StorageHostingOptions Storage)
{
    public const string RoleKey = "Cxmpute:Role";

    public bool RunsSilo => Role is CxmputeRole.Combined or CxmputeRole.Silo;

    public bool ServesApi => Role is CxmputeRole.Combined or CxmputeRole.Frontend;

    public static HostingSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var roleText = configuration[RoleKey];
        var role = CxmputeRole.Combined;
        if (!string.IsNullOrWhiteSpace(roleText) && (!Enum.TryParse(roleText, ignoreCase: true, out role) || !Enum.IsDefined(role)))
        {
            throw new InvalidOperationException($"{RoleKey} is '{roleText}'; expected combined, silo or frontend.");
        }

        return new(
            role,
            configuration.GetSection(OrleansHostingOptions.SectionName).Get<OrleansHostingOptions>() ?? new(),
            configuration.GetSection(StorageHostingOptions.SectionName).Get<StorageHostingOptions>() ?? new());
    }
}
