using System.Globalization;
using Cxmpute.Api.Tests.Infrastructure;
using Cxmpute.Testing;

namespace Cxmpute.Audit.Tests.Infrastructure;

/// <summary>
/// The real host in the combined role (silo + API) on Azure Table storage, served by Kestrel on a free loopback port so
/// that the audit's command line can reach it like a deployment. Its tables carry a prefix of their own.
/// </summary>
public sealed class StorageApiHost : CxmputeApiFactory, IAsyncLifetime
{
    private readonly string _connection;

    public StorageApiHost(string connection, string prefix)
    {
        _connection = connection;
        Prefix = prefix;
        Port = FreePorts.Next();
        UseKestrel(Port);
    }

    public string Prefix { get; }

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");

    public string JournalTable => Prefix + "journal";

    public string AccountTable => Prefix + "accounts";

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Cxmpute:Storage:ConnectionString", _connection),
        new("Cxmpute:Storage:MembershipTable", Prefix + "members"),
        new("Ledger:JournalTable", JournalTable),
        new("Ledger:AccountTable", AccountTable),
        new("Ledger:CheckpointTable", Prefix + "checkpoints"),
    ];

    public HttpClient NewHttpClient() => new() { BaseAddress = Address };

    Task IAsyncLifetime.InitializeAsync()
    {
        StartServer();
        return Task.CompletedTask;
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
