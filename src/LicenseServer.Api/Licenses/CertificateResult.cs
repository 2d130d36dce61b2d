using System.Text;

namespace LicenseServer.Api.Licenses;

/// <summary>A raw certificate download: <c>application/octet-stream</c>, attachment named <c>{id}.lic</c>.</summary>
public sealed class CertificateResult(string certificate, Guid id) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"{id}.lic\"";
        return ResponseSender.SendAsync(httpContext, StatusCodes.Status200OK, Encoding.UTF8.GetBytes(certificate), contentType: "application/octet-stream");
    }
}
