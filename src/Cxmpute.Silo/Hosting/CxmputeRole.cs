namespace Cxmpute.Silo.Hosting;

/// <summary>What one process runs (configuration <c>Cxmpute:Role</c>).</summary>
public enum CxmputeRole
{
    /// <summary>Silo and API in one process: the single-machine default.</summary>
    Combined,

    /// <summary>A silo only, with the health endpoints and the Orleans Dashboard.</summary>
    Silo,

    /// <summary>The API as an Orleans client of a separate cluster.</summary>
    Frontend,
}
