using System.Buffers;
using System.Diagnostics;
using System.Net;

namespace LicenseServer.Api.RequestLogs;

/// <summary>
/// One answered request as the request path hands it to <see cref="RequestLogWriter"/>: references to the strings it already
/// has and pooled copies of the two bodies, nothing parsed or formatted. The writer turns it into a redacted
/// <see cref="Core.RequestLogs.RequestLog"/> and gives the copies back.
/// </summary>
public sealed class CapturedRequest
{
    /// <summary>The request headers kept (enterprise.md §4.2), in this order.</summary>
    public static readonly string[] RequestHeaderNames = ["Accept", "Content-Length", "Content-Type", "Origin", "Host"];

    /// <summary>The response headers kept, in this order.</summary>
    public static readonly string[] ResponseHeaderNames =
    [
        "Content-Length", "Content-Type", "Date", "Digest", "Keygen-Account", "Keygen-Bearer", "Keygen-Date", "Keygen-Digest", "Keygen-Edition",
        "Keygen-Environment", "Keygen-License", "Keygen-Mode", "Keygen-Signature", "Keygen-Token", "Keygen-Version",
    ];

    public required Guid Id { get; init; }

    public required Guid AccountId { get; init; }

    public required DateTime Created { get; init; }

    public required double DurationMs { get; init; }

    public required string Method { get; init; }

    /// <summary>Path and query as received, not yet filtered.</summary>
    public required string Url { get; init; }

    public required int Status { get; init; }

    public string? UserAgent { get; init; }

    public IPAddress? Ip { get; init; }

    public required string?[] RequestHeaders { get; init; }

    public required string?[] ResponseHeaders { get; init; }

    /// <summary>The JSON request body (a pooled copy, <see cref="RequestBodyLength"/> bytes), or null.</summary>
    public byte[]? RequestBody { get; init; }

    public int RequestBodyLength { get; init; }

    /// <summary>The response body (a pooled copy, <see cref="ResponseBodyLength"/> bytes), or null.</summary>
    public byte[]? ResponseBody { get; init; }

    public int ResponseBodyLength { get; init; }

    /// <summary>The response's content type when it is not a JSON:API document (a download), or null.</summary>
    public string? ResponseContentType { get; init; }

    public string? RequestorType { get; init; }

    public Guid? RequestorId { get; init; }

    /// <summary>The request's environment, null for the global one.</summary>
    public Guid? EnvironmentId { get; init; }

    public string? ResourceType { get; init; }

    public Guid? ResourceId { get; init; }

    /// <summary>
    /// Captures the response <paramref name="http"/> just sent; <paramref name="body"/> is its body, <paramref name="contentType"/>
    /// given for non-document bodies.
    /// </summary>
    public static CapturedRequest Of(HttpContext http, RequestContext context, ReadOnlyMemory<byte> body, string? contentType)
    {
        var request = http.Request;
        var response = http.Response;
        var origin = context.Origin;
        var status = response.StatusCode;
        var requestHeaders = new string?[RequestHeaderNames.Length];
        for (var i = 0; i < RequestHeaderNames.Length; i++)
        {
            requestHeaders[i] = Header(request.Headers, RequestHeaderNames[i]);
        }

        var responseHeaders = new string?[ResponseHeaderNames.Length];
        for (var i = 0; i < ResponseHeaderNames.Length; i++)
        {
            responseHeaders[i] = Header(response.Headers, ResponseHeaderNames[i]);
        }

        var bearer = context.Bearer;
        return new CapturedRequest
        {
            Id = context.RequestId,
            AccountId = context.Account.Id,
            Created = context.Started,
            DurationMs = Stopwatch.GetElapsedTime(context.StartedTimestamp).TotalMilliseconds,
            Method = request.Method,
            Url = RequestContext.OriginalPath(http) + request.QueryString.Value,
            Status = status,
            UserAgent = Header(request.Headers, "User-Agent"),
            Ip = http.Connection.RemoteIpAddress,
            RequestHeaders = requestHeaders,
            ResponseHeaders = responseHeaders,
            RequestBody = Copy(context.Body.Span, out var requestLength),
            RequestBodyLength = requestLength,
            ResponseBody = Copy(body.Span, out var responseLength),
            ResponseBodyLength = responseLength,
            ResponseContentType = contentType,
            RequestorType = bearer?.Type,
            RequestorId = bearer?.Id,
            EnvironmentId = context.Environment?.Id,
            // A 404 found no record: the path named one that is not there (or not in the bearer's scope).
            ResourceType = status == StatusCodes.Status404NotFound ? null : origin?.ResourceType,
            ResourceId = status == StatusCodes.Status404NotFound ? null : origin?.ResourceId,
        };

    }

    /// <summary>Gives the pooled body copies back; called by the writer once the log is built.</summary>
    public void Release()
    {
        if (RequestBody is not null)
        {
            ArrayPool<byte>.Shared.Return(RequestBody);
        }

        if (ResponseBody is not null)
        {
            ArrayPool<byte>.Shared.Return(ResponseBody);
        }
    }

    private static string? Header(IHeaderDictionary headers, string name) =>
        headers.TryGetValue(name, out var value) && value.Count > 0 ? value.ToString() : null;

    private static byte[]? Copy(ReadOnlySpan<byte> bytes, out int length)
    {
        length = bytes.Length;
        if (bytes.IsEmpty)
        {
            return null;
        }

        var copy = ArrayPool<byte>.Shared.Rent(bytes.Length);
        bytes.CopyTo(copy);
        return copy;
    }
}
