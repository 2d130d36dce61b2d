using System.Net;
using System.Security.Cryptography;
using LicenseServer.Core.Distribution.Storage;
using LicenseServer.Tests.Infrastructure;

namespace LicenseServer.Tests.Distribution;

/// <summary>
/// The S3 backend (distribution.md §9.2) against an S3-compatible emulator (s3rver, <see cref="S3Emulator"/>): a client
/// puts bytes to the presigned upload URL without credentials, the server sees them with HEAD and reads them back, a
/// client gets them from the presigned download URL with the filename as the attachment name, and delete removes them.
/// </summary>
public sealed class StoringArtifactBytesInS3
{
    [Fact]
    public async Task BytesPutToThePresignedUploadUrlAreSeenAndServedByThePresignedDownloadUrlUntilDeleted()
    {
        await using var emulator = await S3Emulator.StartAsync();
        using var storage = new S3ArtifactStorage(emulator.Settings);
        using var http = new HttpClient();
        var ct = TestContext.Current.CancellationToken;
        var location = new ArtifactLocation(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var bytes = RandomNumberGenerator.GetBytes(300_000);
        var expires = DateTimeOffset.UtcNow.AddHours(1);

        Assert.False(storage.ReceivesUploads);
        Assert.Null(await storage.HeadAsync(location, ct));
        var upload = storage.UploadUrl(location, "dir/app-1.0.0.zip", "https://unused.example", expires);
        Assert.StartsWith(emulator.Url + "/" + S3Emulator.Bucket + "/" + location.Key, upload.ToString(), StringComparison.Ordinal);
        using (var content = new ByteArrayContent(bytes))
        {
            content.Headers.ContentType = new("application/zip");
            var put = await http.PutAsync(upload, content, ct);
            Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync(ct));
        }

        var head = await storage.HeadAsync(location, ct);
        Assert.NotNull(head);
        Assert.Equal(bytes.Length, head.Length);
        Assert.Equal("application/zip", head.ContentType);
        await using (var stream = await storage.OpenReadAsync(location, ct))
        {
            Assert.NotNull(stream);
            Assert.Equal(SHA256.HashData(bytes), await SHA256.HashDataAsync(stream, ct));
        }

        var download = await http.GetAsync(storage.DownloadUrl(location, "dir/app-1.0.0.zip", "https://unused.example", expires), ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync(ct));
        Assert.Equal("attachment; filename=\"app-1.0.0.zip\"", download.Content.Headers.ContentDisposition?.ToString());

        await storage.DeleteAsync(location, ct);
        Assert.Null(await storage.HeadAsync(location, ct));
        Assert.Null(await storage.OpenReadAsync(location, ct));
        await storage.DeleteAsync(location, ct);
    }

    [Fact]
    public async Task APublicUrlMakesPresignedUrlsForThatHost()
    {
        await using var emulator = await S3Emulator.StartAsync();
        var settings = emulator.Settings;
        settings.PublicUrl = emulator.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        using var storage = new S3ArtifactStorage(settings);
        using var http = new HttpClient();
        var ct = TestContext.Current.CancellationToken;
        var location = new ArtifactLocation(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        var upload = storage.UploadUrl(location, "a.bin", "https://unused.example", DateTimeOffset.UtcNow.AddHours(1));
        Assert.StartsWith(settings.PublicUrl + "/", upload.ToString(), StringComparison.Ordinal);
        using var content = new ByteArrayContent("hello"u8.ToArray());
        Assert.Equal(HttpStatusCode.OK, (await http.PutAsync(upload, content, ct)).StatusCode);
        Assert.Equal(5, (await storage.HeadAsync(location, ct))?.Length);
    }
}
