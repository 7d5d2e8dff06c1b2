namespace Cxmpute.Rewards;

/// <summary>
/// The reward schedule is malformed or breaks a rule. <see cref="Exception.Message"/> lists every
/// problem found, each naming the bad entry (e.g. <c>models[2] 'llama3-70b': duplicate model name …</c>).
/// </summary>
public sealed class ScheduleValidationException : Exception
{
    /// <summary>Creates the exception from the list of problems.</summary>
    /// <param name="errors">One line per problem, each naming the bad entry.</param>
    /// <param name="schedulePath">The file that was loaded, if the schedule came from a file.</param>
    public ScheduleValidationException(IEnumerable<string> errors, string? schedulePath = null)
        : this([.. errors], schedulePath)
    {
    }

    private ScheduleValidationException(string[] errors, string? schedulePath)
        : base(FormatMessage(errors, schedulePath))
    {
        Errors = errors;
        SchedulePath = schedulePath;
    }

    /// <summary>Every problem found, one line each.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>The schedule file, or <see langword="null"/> when the schedule was parsed from a string.</summary>
    public string? SchedulePath { get; }

    private static string FormatMessage(string[] errors, string? path)
    {
        var source = path is null ? "The reward schedule" : $"The reward schedule '{path}'";
        var count = errors.Length == 1 ? "1 problem" : $"{errors.Length} problems";
        return $"{source} is invalid ({count}):{Environment.NewLine}  - "
            + string.Join(Environment.NewLine + "  - ", errors);
    }
}
