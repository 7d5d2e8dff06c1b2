namespace Cxmpute.Grains.Accounts;

/// <summary>
/// The persisted snapshot of an account. Bounded whatever the traffic: at most 31 day buckets, one open ledger page,
/// and one applied sequence number per journal. Sealed ledger pages are separate rows.
/// </summary>
public sealed class AccountState
{
    public int Format { get; set; } = 1;

    public bool Exists { get; set; }

    public bool Registered { get; set; }

    public decimal? VramGb { get; set; }

    public string? ReferrerId { get; set; }

    public long Direct { get; set; }

    public long Secondary { get; set; }

    public long Tertiary { get; set; }

    public decimal OwnTotal { get; set; }

    public decimal DirectTotal { get; set; }

    public decimal PrimaryTotal { get; set; }

    public decimal SecondaryTotal { get; set; }

    public decimal TertiaryTotal { get; set; }

    public long Requests { get; set; }

    public long Tokens { get; set; }

    /// <summary>Per journal, the last commit sequence applied here: replays at or below it are ignored.</summary>
    public Dictionary<string, long> Applied { get; set; } = new(StringComparer.Ordinal);

    public List<DayBucket> Days { get; set; } = [];

    public OpenLedgerPage Open { get; set; } = new();

    /// <summary>Number of sealed ledger pages (rows 0..Sealed-1).</summary>
    public int Sealed { get; set; }

    public int PageSize { get; set; }

    public DateTimeOffset? Since { get; set; }

    public decimal ReferralTotal => DirectTotal + PrimaryTotal + SecondaryTotal + TertiaryTotal;
}
