using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace LicenseServer.Core.Distribution.Storage;

/// <summary>
/// Artifact bytes in an S3-compatible bucket (distribution.md §9.2): presigned <c>PUT</c> and <c>GET</c> URLs, <c>HEAD</c>
/// and <c>DELETE</c>, nothing else, so that any store (AWS, MinIO, R2, Ceph, emulators) serves. The SDK computes and
/// checks checksums only when an operation requires them: its default (CRC32 on every upload) is refused by several
/// stores and would make the presigned upload URL demand a checksum header that clients do not send.
/// </summary>
public sealed class S3ArtifactStorage : IArtifactStorage, IDisposable
{
    private readonly AmazonS3Client _client;
    private readonly AmazonS3Client _presigner;
    private readonly string _bucket;

    public S3ArtifactStorage(S3StorageSettings settings)
    {
        _bucket = settings.Bucket is { Length: > 0 } bucket
            ? bucket
            : throw new InvalidOperationException("Distribution:Storage:S3:Bucket is required with the S3 storage backend.");
        var credentials = new BasicAWSCredentials(settings.AccessKey ?? string.Empty, settings.SecretKey ?? string.Empty);
        _client = new AmazonS3Client(credentials, Config(settings, settings.ServiceUrl));
        _presigner = settings.PublicUrl is { Length: > 0 } publicUrl ? new AmazonS3Client(credentials, Config(settings, publicUrl)) : _client;
    }

    public bool ReceivesUploads => false;

    public Uri UploadUrl(ArtifactLocation location, string filename, string origin, DateTimeOffset expires) =>
        Presign(new GetPreSignedUrlRequest { BucketName = _bucket, Key = location.Key, Verb = HttpVerb.PUT, Expires = expires.UtcDateTime });

    public Uri DownloadUrl(ArtifactLocation location, string filename, string origin, DateTimeOffset expires)
    {
        var request = new GetPreSignedUrlRequest { BucketName = _bucket, Key = location.Key, Verb = HttpVerb.GET, Expires = expires.UtcDateTime };
        request.ResponseHeaderOverrides.ContentDisposition = ContentDisposition.Attachment(filename);
        return Presign(request);
    }

    public async Task<StoredObject?> HeadAsync(ArtifactLocation location, CancellationToken ct)
    {
        try
        {
            var head = await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = location.Key }, ct);
            return new StoredObject(head.ContentLength, head.Headers.ContentType ?? "application/octet-stream", head.ETag?.Trim('"'));
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<Stream?> OpenReadAsync(ArtifactLocation location, CancellationToken ct)
    {
        try
        {
            var response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = location.Key }, ct);
            return response.ResponseStream;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task DeleteAsync(ArtifactLocation location, CancellationToken ct) =>
        _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = location.Key }, ct);

    public void Dispose()
    {
        if (!ReferenceEquals(_presigner, _client))
        {
            _presigner.Dispose();
        }

        _client.Dispose();
    }

    private Uri Presign(GetPreSignedUrlRequest request)
    {
        request.Protocol = _presigner.Config.ServiceURL?.StartsWith("http://", StringComparison.OrdinalIgnoreCase) == true ? Protocol.HTTP : Protocol.HTTPS;
        return new Uri(_presigner.GetPreSignedURL(request));
    }

    private static AmazonS3Config Config(S3StorageSettings settings, string? serviceUrl)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = settings.ForcePathStyle,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (serviceUrl is { Length: > 0 })
        {
            config.ServiceURL = serviceUrl;
            config.AuthenticationRegion = settings.Region is { Length: > 0 } region ? region : "us-east-1";
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(settings.Region is { Length: > 0 } region ? region : "us-east-1");
        }

        return config;
    }
}
