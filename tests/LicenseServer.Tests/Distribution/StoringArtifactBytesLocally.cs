using System.Security.Cryptography;
using LicenseServer.Core.Distribution.Storage;
using LicenseServer.Core.Errors;

namespace LicenseServer.Tests.Distribution;

/// <summary>
/// The local backend's own checks on an upload (distribution.md §7.3 steps 2 to 4, §9.1): bytes kept under ids only, moved
/// into place only when size, declared filesize and recognisable checksum agree; a refused upload leaves nothing behind.
/// </summary>
public sealed class StoringArtifactBytesLocally : IDisposable
{
    private static readonly byte[] Bytes = RandomNumberGenerator.GetBytes(200_000);

    private readonly string _root = Directory.CreateTempSubdirectory("licenseserver-artifacts-").FullName;
    private readonly LocalArtifactStorage _storage;
    private readonly ArtifactLocation _location = new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

    public StoringArtifactBytesLocally() => _storage = new LocalArtifactStorage(_root, new StorageUrlSigner(new byte[32]));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task AcceptedBytesAreStoredUnderIdsWithTheirLengthContentTypeAndSha256AndDeletedWithoutATrace()
    {
        var stored = await ReceiveAsync(new UploadExpectation(10_000_000, Bytes.Length, Convert.ToBase64String(SHA512.HashData(Bytes)).TrimEnd('=')),
            contentLength: null, contentType: "application/zip");

        Assert.Equal(new StoredObject(Bytes.Length, "application/zip", Convert.ToHexStringLower(SHA256.HashData(Bytes))), stored);
        var path = Path.Combine(_root, _location.AccountId.ToString(), _location.ReleaseId.ToString(), _location.ArtifactId.ToString());
        Assert.Equal(path, _storage.PathOf(_location));
        Assert.Equal(Bytes, await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
        Assert.Equal(stored, await _storage.HeadAsync(_location, TestContext.Current.CancellationToken));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_root, ".uploads")));

        await _storage.DeleteAsync(_location, TestContext.Current.CancellationToken);
        Assert.Null(await _storage.HeadAsync(_location, TestContext.Current.CancellationToken));
        Assert.Null(await _storage.OpenReadAsync(_location, TestContext.Current.CancellationToken));
        Assert.False(Directory.Exists(Path.Combine(_root, _location.AccountId.ToString())));
    }

    [Theory]
    [InlineData(null, null, null, "application/octet-stream")]
    [InlineData(200_000L, "", "   ", "application/octet-stream")]
    public async Task NothingDeclaredIsNothingCheckedAndTheContentTypeDefaults(long? filesize, string? checksum, string? contentType, string expected)
    {
        var stored = await ReceiveAsync(new UploadExpectation(Bytes.Length, filesize, checksum), Bytes.Length, contentType);
        Assert.Equal(expected, stored.ContentType);
        Assert.Equal(Bytes.Length, stored.Length);
    }

    [Fact]
    public async Task AnUnrecognisableChecksumIsStoredButNotVerified()
    {
        var stored = await ReceiveAsync(new UploadExpectation(Bytes.Length, null, "not-a-digest-of-known-length"), null, null);
        Assert.Equal(Bytes.Length, stored.Length);
    }

    [Fact]
    public async Task ABodyLongerThanTheMaximumIs413WhetherAnnouncedOrStreamed()
    {
        var announced = await Assert.ThrowsAsync<DomainError>(() => ReceiveAsync(new UploadExpectation(Bytes.Length - 1, null, null), Bytes.Length, null));
        var streamed = await Assert.ThrowsAsync<DomainError>(() => ReceiveAsync(new UploadExpectation(Bytes.Length - 1, null, null), null, null));
        foreach (var error in new[] { announced, streamed })
        {
            Assert.Equal(ErrorKind.PayloadTooLarge, error.Kind);
            Assert.Equal("ARTIFACT_TOO_LARGE", error.Errors[0].Code);
        }

        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task ALengthOtherThanTheDeclaredFilesizeIsFilesizeMismatchWhetherAnnouncedOrStreamed()
    {
        var announced = await Assert.ThrowsAsync<DomainError>(() => ReceiveAsync(new UploadExpectation(long.MaxValue, 5, null), Bytes.Length, null));
        var streamed = await Assert.ThrowsAsync<DomainError>(() => ReceiveAsync(new UploadExpectation(long.MaxValue, 5, null), null, null));
        foreach (var error in new[] { announced, streamed })
        {
            Assert.Equal(ErrorKind.UnprocessableResource, error.Kind);
            Assert.Equal(new ErrorItem($"does not match the uploaded content length (expected 5 got {Bytes.Length})", "FILESIZE_MISMATCH",
                ErrorSource.AtPointer("/data/attributes/filesize")), error.Errors[0]);
        }

        await AssertNothingStoredAsync();
    }

    [Theory]
    [InlineData("md5")]
    [InlineData("sha1")]
    [InlineData("sha256-hex")]
    [InlineData("sha384-base64url")]
    [InlineData("sha512-base64")]
    public async Task ADigestOfOtherBytesIsChecksumMismatchAndTheRightOneIsAccepted(string shape)
    {
        var other = Bytes.Reverse().ToArray();
        var error = await Assert.ThrowsAsync<DomainError>(() => ReceiveAsync(new UploadExpectation(long.MaxValue, null, Checksum(shape, other)), null, null));
        Assert.Equal(new ErrorItem("does not match the uploaded content", "CHECKSUM_MISMATCH", ErrorSource.AtPointer("/data/attributes/checksum")), error.Errors[0]);
        await AssertNothingStoredAsync();

        var stored = await ReceiveAsync(new UploadExpectation(long.MaxValue, null, Checksum(shape, Bytes)), null, null);
        Assert.Equal(Bytes.Length, stored.Length);
    }

    [Fact]
    public void UrlsPointAtTheStorageRouteWithTheFilenameEncodedPerSegmentAndASignatureForTheirMethodOnly()
    {
        var signer = new StorageUrlSigner("0123456789abcdef0123456789abcdef"u8.ToArray());
        var storage = new LocalArtifactStorage(_root, signer);
        var expires = DateTimeOffset.FromUnixTimeSeconds(1_900_000_000);

        var upload = storage.UploadUrl(_location, "dir/My App 1.0.zip", "https://dist.example.com/base/", expires);
        var download = storage.DownloadUrl(_location, "dir/My App 1.0.zip", "https://dist.example.com/base", expires);

        var prefix = $"https://dist.example.com/base/v1/storage/artifacts/{_location.ArtifactId}/dir/My%20App%201.0.zip?expires=1900000000&signature=";
        Assert.Equal(prefix + signer.Sign("PUT", _location.ArtifactId, "1900000000"), upload.AbsoluteUri);
        Assert.Equal(prefix + signer.Sign("GET", _location.ArtifactId, "1900000000"), download.AbsoluteUri);
        var signature = signer.Sign("GET", _location.ArtifactId, "1900000000");
        Assert.Matches("^[A-Za-z0-9_-]{43}$", signature);
        Assert.True(signer.Verifies("GET", _location.ArtifactId, "1900000000", signature));
        Assert.False(signer.Verifies("PUT", _location.ArtifactId, "1900000000", signature));
        Assert.False(signer.Verifies("GET", Guid.NewGuid(), "1900000000", signature));
        Assert.False(signer.Verifies("GET", _location.ArtifactId, "1900000001", signature));
        Assert.False(signer.Verifies("GET", _location.ArtifactId, "1900000000", null));
        Assert.False(new StorageUrlSigner(new byte[32]).Verifies("GET", _location.ArtifactId, "1900000000", signature));
    }

    private static string Checksum(string shape, byte[] bytes) => shape switch
    {
        "md5" => Convert.ToHexString(MD5.HashData(bytes)),
        "sha1" => Convert.ToBase64String(SHA1.HashData(bytes)),
        "sha256-hex" => Convert.ToHexStringLower(SHA256.HashData(bytes)),
        "sha384-base64url" => Convert.ToBase64String(SHA384.HashData(bytes)).Replace('+', '-').Replace('/', '_').TrimEnd('='),
        _ => Convert.ToBase64String(SHA512.HashData(bytes)),
    };

    private async Task<StoredObject> ReceiveAsync(UploadExpectation expect, long? contentLength, string? contentType)
    {
        await using var body = new MemoryStream(Bytes);
        return await _storage.ReceiveAsync(_location, body, contentLength, contentType, expect, TestContext.Current.CancellationToken);
    }

    private async Task AssertNothingStoredAsync()
    {
        Assert.Null(await _storage.HeadAsync(_location, TestContext.Current.CancellationToken));
        Assert.False(File.Exists(_storage.PathOf(_location)));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_root, ".uploads")));
    }
}
