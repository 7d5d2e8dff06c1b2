namespace Cxmpute.Grains.Accounts;

/// <summary>
/// The persisted snapshot of an account. Bounded whatever the traffic: at most 31 day buckets, one open ledger page,
/// and one applied sequence number per journal. Sealed ledger pages are stored apart (<see cref="LastPage"/>).
/// </summary>
public sealed class AccountState
{
    /// <summary>The format this snapshot was written in: 1 kept every sealed page as a row of its own, 2 keeps them in ledger segments.</summary>
    public const int CurrentFormat = 2;

    public int Format { get; set; } = CurrentFormat;

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

    /// <summary>Number of sealed ledger pages (0..Sealed-1).</summary>
    public int Sealed { get; set; }

    /// <summary>Pages 0..LegacyPages-1 were sealed in format 1 and are rows of the account's table; the later ones are in ledger segments.</summary>
    public int LegacyPages { get; set; }

    /// <summary>Where page <c>Sealed - 1</c> is when it is in a ledger segment (each page there names the one before it).</summary>
    public string? LastPage { get; set; }

    public int PageSize { get; set; }

    public DateTimeOffset? Since { get; set; }

    public decimal ReferralTotal => DirectTotal + PrimaryTotal + SecondaryTotal + TertiaryTotal;
}
