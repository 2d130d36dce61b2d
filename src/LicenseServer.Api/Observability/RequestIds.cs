using System.Collections;

namespace LicenseServer.Api.Observability;

/// <summary>
/// The one request id (a UUID, as Keygen's): set as the request's <see cref="HttpContext.TraceIdentifier"/> (which error
/// documents show as <c>meta.id</c>), sent as the <c>X-Request-Id</c> header on every response, errors included, and held
/// as a logging scope (<c>RequestId</c>) around everything the request logs. It runs first, before any middleware that
/// can answer.
/// </summary>
public sealed class RequestIds(RequestDelegate next, ILogger<RequestIds> logger)
{
    public const string Header = "X-Request-Id";

    /// <summary>The scope's key, as ASP.NET Core names its own request id.</summary>
    public const string ScopeKey = "RequestId";

    public async Task InvokeAsync(HttpContext http)
    {
        // Time-ordered (version 7), as the ids of every row: the request log's id is this one, appended to its index in order.
        var id = Guid.CreateVersion7().ToString();
        http.TraceIdentifier = id;
        http.Response.Headers[Header] = id;
        using (logger.BeginScope(new Scope(id)))
        {
            await next(http);
        }
    }

    /// <summary>The logging scope: one pair, <c>RequestId</c>.</summary>
    private sealed class Scope(string id) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => 1;

        public KeyValuePair<string, object?> this[int index] =>
            index == 0 ? new KeyValuePair<string, object?>(ScopeKey, id) : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            yield return this[0];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"{ScopeKey}:{id}";
    }
}
