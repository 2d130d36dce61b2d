using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace LicenseServer.Core.Distribution.Storage;

/// <summary>
/// Artifact bytes on the local disk (distribution.md §9.1, §9.3), the default backend. A file lives at
/// <c>{root}/{account}/{release}/{artifact}</c> beside a small <c>.meta</c> file (length, content type, SHA-256); uploads
/// stream into a temporary file under <c>{root}/.uploads</c> while they are hashed, and move into place only after the
/// checks of §7.3 pass, so a rejected or broken upload leaves nothing behind. Nothing is ever held whole in memory.
/// Clients reach the files through this server's own signed URLs (<see cref="StorageUrlSigner"/>).
/// </summary>
public sealed class LocalArtifactStorage(string root, StorageUrlSigner signer) : IArtifactStorage
{
    private const int BufferBytes = 128 * 1024;
    private const string MetaSuffix = ".meta";

    /// <summary>The directory the bytes are kept under.</summary>
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>Signs and checks this backend's URLs.</summary>
    public StorageUrlSigner Signer => signer;

    public bool ReceivesUploads => true;

    public Uri UploadUrl(ArtifactLocation location, string filename, string origin, DateTimeOffset expires) =>
        SignedUrl(StorageUrlSigner.Upload, location.ArtifactId, filename, origin, expires);

    public Uri DownloadUrl(ArtifactLocation location, string filename, string origin, DateTimeOffset expires) =>
        SignedUrl(StorageUrlSigner.Download, location.ArtifactId, filename, origin, expires);

    /// <summary>
    /// The path of the storage routes for an artifact: <c>/v1/storage/artifacts/{id}/{filename}</c>, each <c>/</c>-separated
    /// segment of the filename percent-encoded (it is informational: the id decides).
    /// </summary>
    public static string RoutePath(Guid artifactId, string filename) =>
        $"/v1/storage/artifacts/{artifactId:D}/{string.Join('/', filename.Split('/').Select(Uri.EscapeDataString))}";

    /// <summary>The file holding an artifact's bytes (it may not exist).</summary>
    public string PathOf(ArtifactLocation location) =>
        Path.Combine(Root, location.AccountId.ToString("D"), location.ReleaseId.ToString("D"), location.ArtifactId.ToString("D"));

    public async Task<StoredObject?> HeadAsync(ArtifactLocation location, CancellationToken ct)
    {
        var path = PathOf(location);
        if (!File.Exists(path) || !File.Exists(path + MetaSuffix))
        {
            return null;
        }

        await using var meta = File.OpenRead(path + MetaSuffix);
        return await JsonSerializer.DeserializeAsync<StoredObject>(meta, cancellationToken: ct);
    }

    public Task<Stream?> OpenReadAsync(ArtifactLocation location, CancellationToken ct)
    {
        var path = PathOf(location);
        Stream? stream = File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferBytes, FileOptions.Asynchronous | FileOptions.SequentialScan)
            : null;
        return Task.FromResult(stream);
    }

    public Task DeleteAsync(ArtifactLocation location, CancellationToken ct)
    {
        var path = PathOf(location);
        File.Delete(path);
        File.Delete(path + MetaSuffix);
        RemoveIfEmpty(Path.GetDirectoryName(path)!);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Streams an upload body into place after the checks of distribution.md §7.3, steps 2 to 4: at most
    /// <see cref="UploadExpectation.MaxSize"/> bytes (<c>413 ARTIFACT_TOO_LARGE</c>), the declared filesize
    /// (<c>422 FILESIZE_MISMATCH</c>) and the recognisable checksum (<c>422 CHECKSUM_MISMATCH</c>). A length announced by
    /// <c>Content-Length</c> is checked before a byte is read. Returns what was stored; on an error nothing is.
    /// </summary>
    public async Task<StoredObject> ReceiveAsync(ArtifactLocation location, Stream body, long? contentLength, string? contentType,
        UploadExpectation expect, CancellationToken ct)
    {
        if (contentLength > expect.MaxSize)
        {
            throw TooLarge(expect.MaxSize);
        }

        if (contentLength is { } announced && expect.Filesize is { } declared && announced != declared)
        {
            throw FilesizeMismatch(declared, announced);
        }

        var checksum = ArtifactChecksum.Recognize(expect.Checksum);
        using var verify = checksum?.NewHash();
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var uploads = Directory.CreateDirectory(Path.Combine(Root, ".uploads")).FullName;
        var temporary = Path.Combine(uploads, Guid.NewGuid().ToString("N"));
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            long received = 0;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1,
                FileOptions.Asynchronous | FileOptions.SequentialScan))
            {
                int read;
                while ((read = await body.ReadAsync(buffer.AsMemory(0, BufferBytes), ct)) > 0)
                {
                    received += read;
                    if (received > expect.MaxSize)
                    {
                        throw TooLarge(expect.MaxSize);
                    }

                    sha256.AppendData(buffer, 0, read);
                    verify?.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }

            if (expect.Filesize is { } filesize && received != filesize)
            {
                throw FilesizeMismatch(filesize, received);
            }

            if (verify is not null && !checksum!.Matches(verify.GetHashAndReset()))
            {
                throw DomainError.Invalid("/data/attributes/checksum", "CHECKSUM_MISMATCH", "does not match the uploaded content");
            }

            var stored = new StoredObject(received, string.IsNullOrWhiteSpace(contentType) ? "application/octet-stream" : contentType,
                Convert.ToHexStringLower(sha256.GetHashAndReset()));
            var path = PathOf(location);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var meta = temporary + MetaSuffix;
            await File.WriteAllBytesAsync(meta, JsonSerializer.SerializeToUtf8Bytes(stored), ct);
            File.Move(meta, path + MetaSuffix, overwrite: true);
            File.Move(temporary, path, overwrite: true);
            return stored;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            File.Delete(temporary);
            File.Delete(temporary + MetaSuffix);
        }
    }

    private Uri SignedUrl(string method, Guid artifactId, string filename, string origin, DateTimeOffset expires)
    {
        var seconds = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = signer.Sign(method, artifactId, seconds);
        return new Uri($"{origin.TrimEnd('/')}{RoutePath(artifactId, filename)}?expires={seconds}&signature={signature}");
    }

    private void RemoveIfEmpty(string directory)
    {
        for (var dir = directory; dir.Length > Root.Length && dir.StartsWith(Root, StringComparison.Ordinal); dir = Path.GetDirectoryName(dir)!)
        {
            try
            {
                if (!Directory.Exists(dir) || Directory.EnumerateFileSystemEntries(dir).Any())
                {
                    return;
                }

                Directory.Delete(dir);
            }
            catch (IOException)
            {
                // Another upload is filling it right now.
                return;
            }
        }
    }

    private static DomainError TooLarge(long max) =>
        new(ErrorKind.PayloadTooLarge, $"artifact exceeds the maximum size of {max} bytes", "ARTIFACT_TOO_LARGE");

    private static DomainError FilesizeMismatch(long expected, long got) =>
        DomainError.Invalid("/data/attributes/filesize", "FILESIZE_MISMATCH",
            $"does not match the uploaded content length (expected {expected} got {got})");
}
