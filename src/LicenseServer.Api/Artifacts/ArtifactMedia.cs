using System.Text.RegularExpressions;

namespace LicenseServer.Api.Artifacts;

/// <summary>
/// The routes that take any <c>Accept</c> header (distribution.md §1.3), which package managers, browsers and <c>curl</c>
/// call: the storage URLs (any body type too), the artifact reads and the engine routes. Their JSON bodies, errors
/// included, are still JSON:API documents.
/// </summary>
public static partial class ArtifactMedia
{
    public static bool AcceptsAnything(HttpRequest request) =>
        request.Path.StartsWithSegments("/v1/storage", StringComparison.Ordinal) ||
        ((HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) && ArtifactRead().IsMatch(request.Path.Value ?? string.Empty));

    [GeneratedRegex("^/v1/(accounts/[^/]+/)?(artifacts/.|releases/[^/]+/artifacts/.|engines/)")]
    private static partial Regex ArtifactRead();
}
