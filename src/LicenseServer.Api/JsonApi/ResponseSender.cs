using LicenseServer.Api.Auth;

namespace LicenseServer.Api.JsonApi;

/// <summary>
/// The one place every response leaves the server: documents, errors and empty 204s.
/// Common headers are set here, and account-scoped responses are signed over the bytes sent (<see cref="ResponseSignature"/>).
/// </summary>
public static class ResponseSender
{
    public static async Task SendAsync(HttpContext http, int status, ReadOnlyMemory<byte> body, string? location = null)
    {
        var response = http.Response;
        if (response.HasStarted)
        {
            return;
        }

        response.StatusCode = status;
        var headers = response.Headers;
        headers.CacheControl = "no-transform, no-store, max-age=0";
        headers["Keygen-Version"] = RequestContext.ApiVersionOf(http);
        headers["Keygen-Edition"] = "CE";
        headers["Keygen-Mode"] = "multiplayer";
        var context = http.Features.Get<RequestContext>();
        if (context is not null)
        {
            headers["Keygen-Account"] = context.AccountOrNull?.Id.ToString() ?? string.Empty;
            headers["Keygen-Bearer"] = context.Bearer?.Id.ToString() ?? string.Empty;
            headers["Keygen-Token"] = context.Bearer?.Token?.Id.ToString() ?? string.Empty;
            if (context.AccountOrNull is { } account)
            {
                ResponseSignature.Apply(http, account, context.SignatureAlgorithm, body.Span);
            }
        }

        if (location is not null)
        {
            headers.Location = location;
        }

        if (body.IsEmpty)
        {
            response.ContentLength = 0;
            return;
        }

        response.ContentType = JsonApiMedia.ResponseContentType(http.Request);
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, http.RequestAborted);
    }
}
