namespace LicenseServer.Core.Distribution.Storage;

/// <summary>
/// The <c>Distribution:Storage:S3</c> settings (distribution.md §9.1): any S3-compatible store. <see cref="PublicUrl"/>,
/// when set, is the endpoint presigned URLs are made for (and so the host clients reach), for a store whose
/// <see cref="ServiceUrl"/> only this server can reach.
/// </summary>
public sealed class S3StorageSettings
{
    public string? ServiceUrl { get; set; }

    public string? PublicUrl { get; set; }

    public string? Bucket { get; set; }

    public string? Region { get; set; }

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>Path-style addressing (<c>https://host/bucket/key</c>) rather than a bucket subdomain; what most self-hosted stores need.</summary>
    public bool ForcePathStyle { get; set; } = true;
}
