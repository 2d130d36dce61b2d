using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace LicenseServer.Api.Docs;

/// <summary>
/// The API reference: the OpenAPI 3.1 document at <c>/openapi/v1.json</c> (described by <see cref="ApiDocumentTransformer"/>)
/// and Scalar's interactive page at <c>/docs</c>, which works offline: its script is served from the Scalar assembly (Scalar.AspNetCore embeds
/// it; a CDN is used only when <c>CdnUrl</c> is set), and nothing else is fetched from elsewhere.
/// </summary>
public static class ApiReference
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string PagePath = "/docs";

    public static void AddApiReference(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DocsOptions>(configuration.GetSection(DocsOptions.Section));
        services.AddOpenApi("v1", openApi =>
        {
            openApi.OpenApiVersion = Microsoft.OpenApi.OpenApiSpecVersion.OpenApi3_1;
            openApi.AddDocumentTransformer<ApiDocumentTransformer>();
        });
    }

    /// <summary>True for the document and the page: not JSON:API, so the content negotiation leaves them alone.</summary>
    public static bool Serves(PathString path) =>
        path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments(PagePath, StringComparison.OrdinalIgnoreCase);

    public static void MapApiReference(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<DocsOptions>>().Value.Enabled)
        {
            return;
        }

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference(PagePath, page =>
        {
            page.Title = "LicenseServer API";
            page.OpenApiRoutePattern = "/openapi/{documentName}.json";
            // Nothing leaves the server: the script comes from the Scalar assembly; no telemetry, CDN fonts, AI agent or MCP.
            page.Telemetry = false;
            page.DefaultFonts = false;
            page.Agent = new ScalarAgentOptions { Disabled = true };
            page.Mcp = new ScalarMcpOptions { Disabled = true };
        });
    }
}
