using System.Globalization;

namespace Cxmpute.LoadTest.Cli;

/// <summary>A small <c>--name value</c> / <c>--flag</c> reader; every option read is checked off, and leftovers are errors.</summary>
internal sealed class Args
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public Args(IEnumerable<string> args, IReadOnlySet<string> flagNames)
    {
        ArgumentNullException.ThrowIfNull(args);
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var arg = list[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{arg}'");
            }

            var name = arg[2..];
            string? value = null;
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }

            if (flagNames.Contains(name) && value is null)
            {
                _flags.Add(name);
                continue;
            }

            if (value is null)
            {
                if (i + 1 >= list.Count)
                {
                    throw new ArgumentException($"--{name} needs a value");
                }

                value = list[++i];
            }

            if (!_values.TryGetValue(name, out var values))
            {
                _values[name] = values = [];
            }

            values.Add(value);
        }
    }

    public bool Flag(string name)
    {
        _used.Add(name);
        return _flags.Contains(name);
    }

    public string? String(string name)
    {
        _used.Add(name);
        return _values.TryGetValue(name, out var values) ? values[^1] : null;
    }

    public string String(string name, string fallback) => String(name) ?? fallback;

    public IReadOnlyList<string> All(string name)
    {
        _used.Add(name);
        return _values.TryGetValue(name, out var values) ? values : [];
    }

    public int Int(string name, int fallback) => String(name) is { } v ? int.Parse(v.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) : fallback;

    public long Long(string name, long fallback) => String(name) is { } v ? long.Parse(v.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) => String(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    /// <summary>Fails on any option that no one asked for (a typo would otherwise be ignored silently).</summary>
    public void EnsureAllUsed()
    {
        var unknown = _values.Keys.Concat(_flags).Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}");
        }
    }
}
