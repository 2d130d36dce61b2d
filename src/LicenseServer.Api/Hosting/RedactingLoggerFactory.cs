using System.Collections;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LicenseServer.Api.Hosting;

/// <summary>
/// The logger factory of the server: the usual one, with every message, structured value, scope and exception passed
/// through <see cref="LogRedaction.Redact(string?)"/> before any provider sees it, whatever the category (ours,
/// ASP.NET Core's request logging, Kestrel, EF Core, Hangfire) and whatever level the settings enable. The work is done
/// only for entries that are written (scopes are redacted when a provider reads them).
/// </summary>
public sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public static void Register(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new RedactingLoggerFactory(new LoggerFactory(
            sp.GetServices<ILoggerProvider>(),
            sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            sp.GetService<IOptions<LoggerFactoryOptions>>(),
            sp.GetService<IExternalScopeProvider>()))));

    /// <summary>The category whose request scope carries Kestrel's connection-based request id, superseded by <see cref="Observability.RequestIds"/>.</summary>
    private const string HostingCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public ILogger CreateLogger(string categoryName) =>
        new RedactingLogger(inner.CreateLogger(categoryName), dropRequestId: categoryName == HostingCategory);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    /// <summary>
    /// A logger whose entries and scopes are redacted. ASP.NET Core's request scope (RequestPath, RequestId) is taken before
    /// any middleware runs, so its RequestId is Kestrel's, not the request's UUID: with <paramref name="dropRequestId"/> it
    /// is left out, and the one RequestId of a request's lines is the scope of <see cref="Observability.RequestIds"/>.
    /// </summary>
    private sealed class RedactingLogger(ILogger inner, bool dropRequestId) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull =>
            state is IEnumerable<KeyValuePair<string, object?>>
                ? inner.BeginScope(new RedactedScope(state, dropRequestId ? Observability.RequestIds.ScopeKey : null))
                : inner.BeginScope(LogRedaction.Redact(state.ToString()));

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }

            var entry = new RedactedEntry(LogRedaction.Redact(formatter(state, exception)), Values(state));
            inner.Log(logLevel, eventId, entry, exception is null ? null : LogRedaction.Redact(exception), static (e, _) => e.Message);
        }
    }

    private static KeyValuePair<string, object?>[] Values(object? state) =>
        state is IEnumerable<KeyValuePair<string, object?>> values
            ? values.Select(v => new KeyValuePair<string, object?>(v.Key, v.Key == "{OriginalFormat}" ? v.Value : Value(v.Value))).ToArray()
            : [];

    private static object? Value(object? value)
    {
        switch (value)
        {
            case null or bool or int or long or short or byte or double or float or decimal or Guid or DateTime or DateTimeOffset or TimeSpan or Enum:
                return value;
            case string text:
                return LogRedaction.Redact(text);
            default:
                var shown = value.ToString();
                var redacted = LogRedaction.Redact(shown);
                return redacted == shown ? value : redacted;
        }
    }

    /// <summary>A log entry's state after redaction: its values, and the message as its text.</summary>
    private sealed class RedactedEntry(string message, KeyValuePair<string, object?>[] values) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message => message;

        public int Count => values.Length;

        public KeyValuePair<string, object?> this[int index] => values[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)values).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => message;
    }

    /// <summary>A scope's state (e.g. ASP.NET Core's RequestPath), redacted only when a provider reads it, less the <paramref name="dropped"/> key.</summary>
    private sealed class RedactedScope(object state, string? dropped = null) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private KeyValuePair<string, object?>[]? _values;

        private KeyValuePair<string, object?>[] Redacted => _values ??= dropped is null ? Values(state) : [.. Values(state).Where(v => v.Key != dropped)];

        public int Count => Redacted.Length;

        public KeyValuePair<string, object?> this[int index] => Redacted[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)Redacted).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() =>
            dropped is null ? LogRedaction.Redact(state.ToString()) : string.Join(" ", Redacted.Select(v => $"{v.Key}:{v.Value}"));
    }
}
