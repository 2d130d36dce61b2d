using LicenseServer.Core.Environments;
namespace LicenseServer.Core.RequestLogs;

/// <summary>
/// One account-scoped request as it was answered (enterprise.md §4): written after the response by a batched background
/// writer, with its bodies and headers already redacted. Its id is the request's id, the <c>meta.id</c> of error documents.
/// </summary>
public sealed class RequestLog : AccountEntity, IEnvironmentScoped
{
    /// <summary>Path and query as received, secret-looking query values replaced by <c>[FILTERED]</c>.</summary>
    public required string Url { get; set; }

    /// <summary>Upper case.</summary>
    public required string Method { get; set; }

    /// <summary>The response status (rendered as a string).</summary>
    public int Status { get; set; }

    public string? UserAgent { get; set; }

    public required string Ip { get; set; }

    /// <summary>The kept request headers as a JSON object, or null.</summary>
    public string? RequestHeaders { get; set; }

    /// <summary>The redacted JSON text of the body's data and meta, or null.</summary>
    public string? RequestBody { get; set; }

    /// <summary>The kept response headers as a JSON object, or null.</summary>
    public string? ResponseHeaders { get; set; }

    /// <summary>The redacted response body, or null (none, or binary).</summary>
    public string? ResponseBody { get; set; }

    /// <summary>The <c>Keygen-Signature</c> header value, or null.</summary>
    public string? ResponseSignature { get; set; }

    /// <summary>Wire type of the authenticated bearer, or null.</summary>
    public string? RequestorType { get; set; }

    public Guid? RequestorId { get; set; }

    /// <summary>Wire type of the primary record the request loaded (the license of <c>GET /licenses/{id}</c>), or null.</summary>
    public string? ResourceType { get; set; }

    public Guid? ResourceId { get; set; }

    /// <summary>How long the server took to answer, in milliseconds.</summary>
    public double DurationMs { get; set; }

    /// <summary>The current environment of the request; null for the global environment.</summary>
    public Guid? EnvironmentId { get; set; }
}
