namespace Cxmpute.Dashboard.Tests.Infrastructure;

/// <summary>A host of its own with extra settings (a role, short timers, public reads off), for the tests that need one.</summary>
public sealed class ConfiguredDashboardHost(IEnumerable<KeyValuePair<string, string>> settings) : DashboardHost(settings);
