namespace Cxmpute.Silo.Hosting;

/// <summary>
/// Short environment variables for the settings operators set most, next to the standard <c>Cxmpute__Section__Key</c> form.
/// </summary>
public static class EnvironmentAliases
{
    public static readonly IReadOnlyDictionary<string, string> Map = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["CXMPUTE_API_KEY"] = "Cxmpute:ApiKey",
        ["CXMPUTE_TOKEN_SIGNING_KEY"] = "Cxmpute:UserTokens:SigningKey",
        ["CXMPUTE_TLS_CERTIFICATE_PASSWORD"] = "Cxmpute:Orleans:Tls:CertificatePassword",
        ["CXMPUTE_ROLE"] = HostingSettings.RoleKey,
        ["CXMPUTE_STORAGE_CONNECTION"] = "Cxmpute:Storage:ConnectionString",
        ["CXMPUTE_CLUSTER_ID"] = "Cxmpute:Orleans:ClusterId",
        ["CXMPUTE_SERVICE_ID"] = "Cxmpute:Orleans:ServiceId",
        ["CXMPUTE_SILO_PORT"] = "Cxmpute:Orleans:SiloPort",
        ["CXMPUTE_GATEWAY_PORT"] = "Cxmpute:Orleans:GatewayPort",
        ["CXMPUTE_ADVERTISED_IP"] = "Cxmpute:Orleans:AdvertisedIP",
    };

    /// <summary>The configuration values of the aliases that are set in the environment.</summary>
    public static Dictionary<string, string?> Read()
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (variable, key) in Map)
        {
            if (Environment.GetEnvironmentVariable(variable) is { } value)
            {
                values[key] = value;
            }
        }

        return values;
    }
}
