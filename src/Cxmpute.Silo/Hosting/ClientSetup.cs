using Azure.Data.Tables;
using Orleans.Configuration;

namespace Cxmpute.Silo.Hosting;

/// <summary>The front end's Orleans client: gateways from the Azure Table membership when storage is configured, else the local gateway.</summary>
public static class ClientSetup
{
    public static WebApplicationBuilder AddCxmputeClient(this WebApplicationBuilder builder, HostingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        var orleans = settings.Orleans;
        var storage = settings.Storage;
        builder.UseOrleansClient(client =>
        {
            if (storage.IsConfigured)
            {
                client.Configure<ClusterOptions>(cluster =>
                {
                    cluster.ClusterId = orleans.ClusterId;
                    cluster.ServiceId = orleans.ServiceId;
                });
                client.UseAzureStorageClustering(gateways =>
                {
                    gateways.TableServiceClient = new TableServiceClient(storage.ConnectionString);
                    gateways.TableName = storage.MembershipTable;
                });
            }
            else
            {
                client.UseLocalhostClustering(orleans.GatewayPort, orleans.ServiceId, orleans.ClusterId);
            }

            if (OrleansTls.Read(builder.Configuration) is { } tls)
            {
                client.UseTls(OrleansTls.LoadCertificate(tls), options => OrleansTls.Configure(options, tls));
            }

            client.UseConnectionRetryFilter(new ClientConnectRetryFilter(TimeSpan.FromSeconds(orleans.ClientConnectTimeoutSeconds)));
        });
        return builder;
    }
}
