namespace Cxmpute.Properties.Tests.Ledger;

/// <summary>An account as the reference model sees it.</summary>
internal sealed class ModelAccount
{
    public bool Exists { get; set; }

    public bool Registered { get; set; }

    public decimal? VramGb { get; set; }

    public string? Parent { get; set; }

    public decimal Own { get; set; }

    public decimal Referral { get; set; }

    public long Requests { get; set; }

    public long Tokens { get; set; }

    public List<(string AwardId, string Kind, decimal Amount)> Credits { get; } = [];
}
