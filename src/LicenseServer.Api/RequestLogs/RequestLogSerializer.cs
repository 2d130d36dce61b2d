using System.Globalization;
using LicenseServer.Api.EventLogs;
using LicenseServer.Core.RequestLogs;

namespace LicenseServer.Api.RequestLogs;

/// <summary>
/// The <c>request-logs</c> resource (enterprise.md §4.2). The index writes it <see cref="Summary"/>: its five blob attributes
/// (headers, bodies, signature) null, as they are not even read.
/// </summary>
public static class RequestLogSerializer
{
    public const string Type = "request-logs";

    public static void Write(Utf8JsonWriter w, RequestLog log)
    {
        var self = w.BeginResource(Type, log);
        w.WriteString("url", log.Url);
        w.WriteString("method", log.Method);
        w.WriteString("status", log.Status.ToString(CultureInfo.InvariantCulture));
        w.WriteNullableString("userAgent", log.UserAgent);
        w.WriteString("ip", log.Ip);
        WriteObject(w, "requestHeaders", log.RequestHeaders);
        w.WriteNullableString("requestBody", log.RequestBody);
        WriteObject(w, "responseHeaders", log.ResponseHeaders);
        w.WriteNullableString("responseBody", log.ResponseBody);
        w.WriteNullableString("responseSignature", log.ResponseSignature);
        w.BeginRelationships(log);
        w.WriteRecord("requestor", log.AccountId, log.RequestorType, log.RequestorId);
        w.WriteRecord("resource", log.AccountId, log.ResourceType, log.ResourceId);
        w.EndResource(self);
    }

    /// <summary>The index's rows: every column but the five blobs.</summary>
    public static IQueryable<RequestLog> Summary(IQueryable<RequestLog> logs) => logs.Select(l => new RequestLog
    {
        Id = l.Id,
        AccountId = l.AccountId,
        Created = l.Created,
        Updated = l.Updated,
        Url = l.Url,
        Method = l.Method,
        Status = l.Status,
        UserAgent = l.UserAgent,
        Ip = l.Ip,
        RequestorType = l.RequestorType,
        RequestorId = l.RequestorId,
        ResourceType = l.ResourceType,
        ResourceId = l.ResourceId,
        DurationMs = l.DurationMs,
        EnvironmentId = l.EnvironmentId,
    });

    /// <summary>A stored JSON object (the kept headers) as an attribute, or null.</summary>
    private static void WriteObject(Utf8JsonWriter w, string name, string? json)
    {
        w.WritePropertyName(name);
        if (json is null)
        {
            w.WriteNullValue();
        }
        else
        {
            w.WriteRawValue(json, skipInputValidation: true);
        }
    }
}
