namespace LicenseServer.Api.Artifacts;

/// <summary>
/// The routes that take any <c>Accept</c> header and any body type (distribution.md §1.3), which package managers,
/// browsers and <c>curl</c> call: the storage URLs. Their error bodies are still JSON:API documents.
/// </summary>
public static class ArtifactMedia
{
    public static bool AcceptsAnything(HttpRequest request) =>
        request.Path.StartsWithSegments("/v1/storage", StringComparison.Ordinal);
}
