using LicenseServer.Core.Accounts;
using LicenseServer.Core.Versions;

namespace LicenseServer.Api.Auth;

/// <summary>
/// The account a request is for and who is making it. Set by <see cref="AccountScopeMiddleware"/>
/// on account-scoped routes; handlers read it with <see cref="Of"/>.
/// </summary>
public sealed class RequestContext
{
    private const string OriginalPathKey = "LicenseServer.OriginalPath";
    private const string ApiVersionKey = "LicenseServer.ApiVersion";
    private const string DocumentEventKey = "LicenseServer.DocumentEvent";

    public Account? AccountOrNull { get; set; }

    public Account Account => AccountOrNull ?? throw new InvalidOperationException("No account was resolved for this route.");

    public Bearer? Bearer { get; set; }

    /// <summary>The current environment (enterprise.md §1.3), or null for the global environment.</summary>
    public Core.Environments.Environment? Environment { get; set; }

    public Credentials? Credentials { get; set; }

    /// <summary>The algorithm that signs the response, as the client asked for it (<see cref="Signatures.AcceptSignature"/>).</summary>
    public string SignatureAlgorithm { get; set; } = Core.Signatures.SignatureAlgorithms.Ed25519;

    /// <summary>The request's id (<see cref="Observability.RequestIds"/>): its request log's id.</summary>
    public Guid RequestId { get; set; }

    /// <summary>When the request arrived, for its request log.</summary>
    public DateTime Started { get; set; }

    /// <summary>A <see cref="System.Diagnostics.Stopwatch"/> timestamp of the arrival, for the request log's duration.</summary>
    public long StartedTimestamp { get; set; }

    /// <summary>Who and why, for the event logs and the request log (set after authentication); null before.</summary>
    public Core.Events.EventOrigin? Origin { get; set; }

    /// <summary>The writer this request's log goes to once answered, or null when the request is not logged.</summary>
    public RequestLogs.RequestLogWriter? RequestLogs { get; set; }

    /// <summary>The JSON body as read (<see cref="JsonApi.RequestBody"/>), kept for the request log while the request lasts.</summary>
    public ReadOnlyMemory<byte> Body { get; set; }

    public static RequestContext Of(HttpContext http) =>
        http.Features.Get<RequestContext>() ?? throw new InvalidOperationException("This route is not account-scoped.");

    /// <summary>The bearer, or 401 TOKEN_MISSING when the request carries no credentials.</summary>
    public Bearer RequireBearer() =>
        Bearer ?? throw DomainError.Unauthorized(null, "TOKEN_MISSING");

    public static void SetOriginalPath(HttpContext http, string path) => http.Items[OriginalPathKey] = path;

    /// <summary>The path as the client sent it, before prefix-less routes were rewritten.</summary>
    public static string OriginalPath(HttpContext http) =>
        http.Items.TryGetValue(OriginalPathKey, out var path) && path is string s ? s : http.Request.PathBase + http.Request.Path;

    public static void SetApiVersion(HttpContext http, string version) => http.Items[ApiVersionKey] = version;

    public static string ApiVersionOf(HttpContext http) =>
        http.Items.TryGetValue(ApiVersionKey, out var version) && version is string s ? s : ApiVersions.Current;

    /// <summary>The request's API version as a number pair, for comparisons (never compare the strings).</summary>
    public static ApiVersion VersionOf(HttpContext http) => ApiVersion.Of(ApiVersionOf(http));

    /// <summary>
    /// Names the event the response document stands for (e.g. <c>machine.created</c>, <c>license.validation.succeeded</c>),
    /// for the version steps that apply to one event only when the response is migrated (<see cref="DocumentMigrations"/>).
    /// </summary>
    public static void SetDocumentEvent(HttpContext http, string eventName) => http.Items[DocumentEventKey] = eventName;

    public static string DocumentEventOf(HttpContext http) =>
        http.Items.TryGetValue(DocumentEventKey, out var name) && name is string s ? s : "resource.rendered";
}
