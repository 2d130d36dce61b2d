using LicenseServer.Core.Distribution;

namespace LicenseServer.Api.Artifacts;

/// <summary>The <c>artifacts</c> resource (distribution.md §6.2).</summary>
public static class ArtifactSerializer
{
    public const string Type = "artifacts";

    public static void Write(Utf8JsonWriter w, Artifact artifact) => Write(w, artifact, redirect: null);

    /// <summary>The artifact with <c>links.redirect</c> = <paramref name="redirect"/>, the upload or download URL just made for it.</summary>
    public static Action<Utf8JsonWriter, Artifact> WithRedirect(string? redirect) => (w, artifact) => Write(w, artifact, redirect);

    /// <summary>The vanity URL path <c>/v1/accounts/{account}/artifacts/{id}/{filename}</c>, whose last segment is the file name.</summary>
    public static string Vanity(Artifact artifact) =>
        $"{Links.Resource(artifact.AccountId, Type, artifact.Id)}/{string.Join('/', artifact.Filename.Split('/').Select(Uri.EscapeDataString))}";

    private static void Write(Utf8JsonWriter w, Artifact artifact, string? redirect)
    {
        var self = w.BeginResource(Type, artifact);
        w.WriteString("filename", artifact.Filename);
        w.WriteNullableString("filetype", artifact.Filetype);
        w.WriteNullableNumber("filesize", artifact.Filesize);
        w.WriteNullableString("platform", artifact.Platform);
        w.WriteNullableString("arch", artifact.Arch);
        w.WriteNullableString("signature", artifact.Signature);
        w.WriteNullableString("checksum", artifact.Checksum);
        w.WriteString("status", artifact.Status);
        w.BeginRelationships(artifact, artifact.Metadata);
        w.WriteToOne("release", Links.Resource(artifact.AccountId, "releases", artifact.ReleaseId), "releases", artifact.ReleaseId);
        w.WriteEndObject();
        w.WriteStartObject("links");
        w.WriteString("self", self);
        w.WriteString("related", Vanity(artifact));
        if (redirect is not null)
        {
            w.WriteString("redirect", redirect);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }
}
