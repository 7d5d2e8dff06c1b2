using System.Net;
using Azure.Data.Tables;
using Cxmpute.Grains.Hosting;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Cxmpute.Silo.Hosting;

/// <summary>The silo: clustering through Azure Table membership when storage is configured, else localhost; the ledger; the dashboard.</summary>
public static class SiloSetup
{
    public static WebApplicationBuilder AddCxmputeSilo(this WebApplicationBuilder builder, HostingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        var orleans = settings.Orleans;
        var storage = settings.Storage;
        builder.UseOrleans(silo =>
        {
            if (storage.IsConfigured)
            {
                silo.Configure<ClusterOptions>(cluster =>
                {
                    cluster.ClusterId = orleans.ClusterId;
                    cluster.ServiceId = orleans.ServiceId;
                });
                silo.UseAzureStorageClustering(membership =>
                {
                    membership.TableServiceClient = new TableServiceClient(storage.ConnectionString);
                    membership.TableName = storage.MembershipTable;
                });
                var advertised = string.IsNullOrWhiteSpace(orleans.AdvertisedIP) ? IPAddress.Loopback : IPAddress.Parse(orleans.AdvertisedIP);
                silo.ConfigureEndpoints(advertised, orleans.SiloPort, orleans.GatewayPort, orleans.ListenOnAnyHostAddress);
            }
            else
            {
                silo.UseLocalhostClustering(orleans.SiloPort, orleans.GatewayPort, null, orleans.ServiceId, orleans.ClusterId);
            }

            if (OrleansTls.Read(builder.Configuration) is { } tls)
            {
                silo.UseTls(OrleansTls.LoadCertificate(tls), options => OrleansTls.Configure(options, tls));
            }

            silo.AddDashboard();
            var clockOffset = LedgerClockOffset.From(builder.Configuration);
            if (clockOffset != TimeSpan.Zero)
            {
                silo.Services.AddSingleton(LedgerClockOffset.Clock(clockOffset)); // AddCxmputeLedger keeps it (TryAdd)
            }

            silo.AddCxmputeLedger(builder.Configuration);
        });
        return builder;
    }
}
