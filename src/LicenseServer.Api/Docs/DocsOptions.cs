namespace LicenseServer.Api.Docs;

/// <summary>The <c>Docs</c> settings: whether the OpenAPI document and the reference page are served.</summary>
public sealed class DocsOptions
{
    public const string Section = "Docs";

    /// <summary>Serve <c>/openapi/v1.json</c> and <c>/docs</c> (default true; <c>Docs__Enabled=false</c> turns both off).</summary>
    public bool Enabled { get; set; } = true;
}
