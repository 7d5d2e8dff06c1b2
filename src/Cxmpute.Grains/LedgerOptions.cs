namespace Cxmpute.Grains;

/// <summary>Tuning and wiring of the ledger, bound from the <c>Ledger</c> configuration section.</summary>
public sealed class LedgerOptions
{
    public const string SectionName = "Ledger";

    /// <summary>The default of <see cref="AwardJournals"/>.</summary>
    public const int DefaultAwardJournals = 8;

    /// <summary>
    /// Number of award journals; awards are routed by a stable hash of their id. Fixed for a deployment (a retry is
    /// deduplicated by the journal its id routes to; a silo refuses storage holding pages of more journals than this).
    /// A journal commits one group at a time, and a group holds the awards that arrived while the previous one was being
    /// written: fewer journals make larger groups and fewer page writes per award, which helps where commits are the
    /// bottleneck and hurts where account writes are (docs/architecture.md, award path step 2, has the measurements).
    /// </summary>
    public int AwardJournals { get; set; } = DefaultAwardJournals;

    /// <summary>Most awards (or referral applies) committed in one journal write.</summary>
    public int MaxGroupSize { get; set; } = 256;

    /// <summary>
    /// Entries per journal page (one storage row) before a new page is started. A group commit rewrites the page it
    /// fills, so smaller pages write fewer bytes per award; larger ones make fewer rows.
    /// </summary>
    public int JournalPageCapacity { get; set; } = 128;

    /// <summary>Credits per sealed ledger page of an account (one storage row).</summary>
    public int LedgerPageSize { get; set; } = 64;

    /// <summary>
    /// How often a journal checkpoints: asks the accounts that are due to persist, and moves its replay watermark. Short
    /// intervals spread the account writes evenly (each checkpoint flushes one interval's slice of commits) instead of
    /// sending them in bursts that hold the journal's own page writes up in storage.
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long credits a journal delivered may live only in the account's memory (and in the journal, which replays
    /// them after a crash) before the journal asks the account to persist. An account credited many times in that
    /// span is written once for all of them. Longer: fewer account writes; shorter: less to replay after a crash and
    /// less journal memory. Either way nothing acknowledged is lost: the journal page holding it is durable first.
    /// </summary>
    public TimeSpan AccountFlushDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Account deliveries a journal may hold since its watermark before it checkpoints early; at twice this it waits
    /// for the checkpoint before committing more (back-pressure), so its memory stays bounded.
    /// </summary>
    public int MaxPendingDeliveries { get; set; } = 200_000;

    /// <summary>How long award ids are remembered for idempotency. Must exceed the 30-day acceptance window of occurredAt.</summary>
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromDays(35);

    /// <summary>How far in the future an award's occurredAt may be (rule: occurred-at-window).</summary>
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How far in the past an award's occurredAt may be (rule: occurred-at-window).</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How long pricing waits for the accounts a group of awards needs (providers' registrations, referral chains) when
    /// some are not in memory yet. Past it, the group commits the awards whose accounts are ready, and the others wait
    /// aside until their accounts have loaded (once; the next time they are priced, pricing waits for them). An account
    /// read from storage on a busy store takes from tens of milliseconds to seconds, and would otherwise hold up the
    /// whole group and every award queued behind it in its journal.
    /// </summary>
    public TimeSpan LookupWait { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// How long an account stays in memory after its last call (Orleans' collection age for account grains; its default
    /// for every grain is 15 minutes). Activating an account reads its snapshot from storage, which on a busy store takes
    /// from tens of milliseconds to seconds and delays the awards that credit it; an idle account costs silo memory (its
    /// balances, day buckets and open ledger page). With traffic that comes back to the same accounts, longer is cheaper.
    /// </summary>
    public TimeSpan AccountIdleTime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Parallel calls a journal makes when it fans out a commit.</summary>
    public int FanOutParallelism { get; set; } = 256;

    /// <summary>
    /// Flushes a journal keeps in flight while it checkpoints. Enough to fill the storage transactions of the partition
    /// buckets; more only queues writes in the silo, where they hold nothing but time out.
    /// </summary>
    public int CheckpointParallelism { get; set; } = 256;

    /// <summary>
    /// Longest pause a journal makes before a group commit when its watermark trails the newest commit by more than
    /// twice <see cref="AccountFlushDelay"/> plus one <see cref="CheckpointInterval"/> (account writes behind the
    /// commits): one tenth of the excess, up to this. The commit rate then follows what storage can persist instead
    /// of the backlog growing.
    /// </summary>
    public TimeSpan MaxThrottleDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Path of the reward schedule file (absolute, or relative to <see cref="ConfigDirectory"/>).</summary>
    public string ScheduleFile { get; set; } = "rewards-schedule.json";

    /// <summary>The folder holding the silo configuration (silo-config/).</summary>
    public string? ConfigDirectory { get; set; }

    /// <summary>Azure Table storage connection string; empty keeps everything in memory (tests, demos).</summary>
    public string? StorageConnectionString { get; set; }

    /// <summary>
    /// How long a caller waits for a journal's answer (and an activating account for the journals' pending
    /// commits). Past it the answer is 503 and the work goes on; retrying with the same id is safe.
    /// </summary>
    public TimeSpan SubmitTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a silo stopping gracefully waits for each of its journals to finish what it took and have its accounts
    /// persist (<see cref="Hosting.JournalDrainer"/>); what is left is replayed by the journal's next activation.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>How long one storage request may take before it is abandoned (and retried, up to <see cref="StorageRetries"/>).</summary>
    public TimeSpan StorageTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of a storage request that failed or timed out; after them the award answers 503.</summary>
    public int StorageRetries { get; set; } = 2;

    /// <summary>Table (or, with <see cref="JournalStorage"/> = Blob, blob container) holding journal pages.</summary>
    public string JournalTable { get; set; } = "cxjournal";

    /// <summary>
    /// Where journal pages are kept. <see cref="Grains.JournalStorage.Table"/>: rows of <see cref="JournalTable"/>, next to
    /// the account snapshots. <see cref="Grains.JournalStorage.Blob"/>: block blobs in the container of that name, which
    /// keeps the journals' ever-growing bulk out of the table service (on Azurite, a separate process whose blob
    /// contents live in files, not in the in-memory database it saves every 5 s). Fixed for a deployment: the other
    /// store is not read.
    /// </summary>
    public JournalStorage JournalStorage { get; set; } = JournalStorage.Table;

    /// <summary>
    /// Table (or, with <see cref="JournalStorage"/> = Blob, blob container) holding the ledger segments: the sealed pages
    /// of every account's audit trail, many accounts' pages per segment, each segment written once. They follow the
    /// journal pages' store, so that what grows with traffic is in blob storage where the journal pages are.
    /// </summary>
    public string LedgerSegments { get; set; } = "cxledger";

    /// <summary>
    /// Table holding account snapshots (and pages sealed before ledger segments); with <see cref="AccountTableShards"/> above 1, the prefix
    /// of the tables (<c>cxaccounts00</c>, <c>cxaccounts01</c>, …).
    /// </summary>
    public string AccountTable { get; set; } = "cxaccounts";

    /// <summary>
    /// Tables the account partitions are spread over (partition bucket <c>b</c> lives in table <c>b mod shards</c>).
    /// Azurite maintains each table's in-memory index with passes over all of its rows, so a write costs in proportion
    /// to the rows of its table; smaller tables keep writes cheap as the ledger grows. On Azure Table storage tables
    /// cost nothing extra. Fixed for a deployment, like <see cref="AccountPartitions"/>.
    /// </summary>
    public int AccountTableShards { get; set; } = 16;

    /// <summary>Orleans grain storage table holding the journals' checkpoints.</summary>
    public string CheckpointTable { get; set; } = "cxcheckpoints";

    /// <summary>Partition buckets of the account table; writes to one bucket are committed together.</summary>
    public int AccountPartitions { get; set; } = 64;

    /// <summary>Upper bound of account writes committed in one storage transaction (Azure allows 100).</summary>
    public int MaxWriteBatch { get; set; } = 100;

    /// <summary>Account-write transactions in flight at once per silo; the rest wait and batch up.</summary>
    public int MaxConcurrentAccountWrites { get; set; } = 4;

    /// <summary>The account tables, shard by shard.</summary>
    public IReadOnlyList<string> AccountTables() =>
        AccountTableShards <= 1
            ? [AccountTable]
            : [.. Enumerable.Range(0, AccountTableShards).Select(i => AccountTable + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture))];

    public IEnumerable<string> JournalIds()
    {
        for (var i = 0; i < AwardJournals; i++)
        {
            yield return AwardJournalId(i);
        }

        yield return ReferralJournalId(true);
        yield return ReferralJournalId(false);
    }

    public static string AwardJournalId(long partition) => $"a{partition}";

    public static string ReferralJournalId(bool users) => users ? "ru" : "rp";
}

/// <summary>Storage service of the journal pages (<see cref="LedgerOptions.JournalStorage"/>).</summary>
public enum JournalStorage
{
    Table,
    Blob,
}
