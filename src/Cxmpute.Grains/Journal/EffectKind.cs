namespace Cxmpute.Grains.Journal;

/// <summary>What one effect does to an account.</summary>
public enum EffectKind
{
    /// <summary>Own usage points of a user.</summary>
    Usage = 0,

    /// <summary>Own compute earnings of a provider.</summary>
    Compute = 1,

    /// <summary>Level-1 referral reward.</summary>
    Primary = 2,

    /// <summary>Level-2 referral reward.</summary>
    Secondary = 3,

    /// <summary>Level-3 referral reward.</summary>
    Tertiary = 4,

    /// <summary>Direct bonus for a new direct referral.</summary>
    Direct = 5,

    /// <summary>The account exists from now on (a user seen for the first time).</summary>
    Touch = 6,

    /// <summary>The account's referrer is set, permanently.</summary>
    SetReferrer = 7,

    /// <summary>The account's network grows by the given counts per level.</summary>
    Network = 8,
}
