namespace Cxmpute.Rewards;

/// <summary>The kind of account that earns and refers. Users refer users; providers refer providers.</summary>
public enum AccountKind
{
    /// <summary>An API user (<c>usr_…</c>); earns usage points.</summary>
    User,

    /// <summary>A compute provider (<c>prov_…</c>); earns compute rewards.</summary>
    Provider,
}
