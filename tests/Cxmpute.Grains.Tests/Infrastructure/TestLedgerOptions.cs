using Cxmpute.Grains;
using Cxmpute.Grains.Hosting;

namespace Cxmpute.Grains.Tests.Infrastructure;

internal static class TestLedgerOptions
{
    public static LedgerOptions Create(string? connection = null) => new()
    {
        AwardJournals = 4,
        CheckpointInterval = TimeSpan.FromMilliseconds(500),
        AccountFlushDelay = TimeSpan.FromSeconds(1),
        ConfigDirectory = LedgerSiloBuilderExtensions.FindConfigDirectory(),
        StorageConnectionString = connection,
    };
}
