namespace Cxmpute.Rewards.Internal;

/// <summary>Collects validation problems so that all of them are reported at once.</summary>
internal sealed class ScheduleErrors
{
    private readonly List<string> _errors = [];

    public bool Any => _errors.Count > 0;

    public void Add(string label, string message) => _errors.Add($"{label}: {message}");

    public ScheduleValidationException ToException(string? path) =>
        new(Any ? _errors : ["schedule: incomplete"], path);
}
