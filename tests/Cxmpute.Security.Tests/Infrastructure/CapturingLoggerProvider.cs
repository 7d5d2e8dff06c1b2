using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Cxmpute.Security.Tests.Infrastructure;

/// <summary>
/// Keeps every log entry of a host as text: the formatted message, every structured value (including those the message
/// template does not print), every scope, and the exception with its inner exceptions and data.
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<string> Entries => _entries;

    public string Text => string.Join('\n', _entries);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new StringBuilder();
            text.Append(logLevel).Append(' ').Append(category).Append('[').Append(eventId.Id).Append("] ").Append(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    text.Append(" | ").Append(key).Append('=').Append(Describe(value));
                }
            }

            provider._scopes.ForEachScope((scope, builder) => builder.Append(" | scope ").Append(Describe(scope)), text);
            for (var e = exception; e is not null; e = e.InnerException)
            {
                text.Append(" | ").Append(e);
                foreach (System.Collections.DictionaryEntry entry in e.Data)
                {
                    text.Append(" | data ").Append(entry.Key).Append('=').Append(entry.Value);
                }
            }

            provider._entries.Enqueue(text.ToString());
        }

        private static string Describe(object? value) => value switch
        {
            null => "null",
            string s => s,
            IEnumerable<KeyValuePair<string, object?>> pairs => string.Join(", ", pairs.Select(p => $"{p.Key}={Describe(p.Value)}")),
            System.Collections.IEnumerable items => string.Join(", ", items.Cast<object?>().Select(Describe)),
            _ => value.ToString() ?? "",
        };
    }
}
