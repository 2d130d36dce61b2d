using System.Net;
using System.Security.Cryptography;
using LicenseServer.Core.Distribution.Storage;
using LicenseServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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

    [Fact]
    public async Task WithTheS3BackendTheServerRedirectsToPresignedUrlsAndNoticesTheUploadWhenTheArtifactIsRead()
    {
        await using var emulator = await S3Emulator.StartAsync();
        var settings = emulator.Settings;
        await using var app = await StartServerAsync(settings);
        var ct = TestContext.Current.CancellationToken;
        var account = await app.CreateAccountAsync();
        var product = await app.Admin(account).PostAsync(account.Path("products"), new { data = new { type = "products", attributes = new { name = "App" } } });
        var release = await ReleaseRows.AddAsync(app, account.Id, Guid.Parse((string)product.Expect(201).Data!["id"]!), "1.0.0");
        var bytes = RandomNumberGenerator.GetBytes(50_000);
        var created = await app.Admin(account).PostAsync(account.Path("artifacts"), new
        {
            data = new
            {
                type = "artifacts",
                attributes = new { filename = "app.zip", filesize = bytes.Length, checksum = Convert.ToBase64String(SHA512.HashData(bytes)) },
                relationships = new { release = new { data = new { type = "releases", id = release } } },
            },
        });
        var upload = created.Expect(307).Header("Location")!;
        Assert.StartsWith(emulator.Url + "/" + S3Emulator.Bucket + "/artifacts/", upload, StringComparison.Ordinal);
        var id = (string)created.Data!["id"]!;
        Assert.Equal("WAITING", (await app.Admin(account).GetAsync(account.Path($"artifacts/{id}"))).Expect(200).Attribute("status"));

        using var http = new HttpClient();
        using (var content = new ByteArrayContent(bytes))
        {
            Assert.Equal(HttpStatusCode.OK, (await http.PutAsync(upload, content, ct)).StatusCode);
        }

        var read = await app.Admin(account).GetAsync(account.Path($"artifacts/{id}"));
        Assert.Equal("UPLOADED", read.Expect(303).Attribute("status"));
        var download = read.Header("Location")!;
        Assert.StartsWith(emulator.Url + "/", download, StringComparison.Ordinal);
        Assert.Equal(bytes, await http.GetByteArrayAsync(download, ct));
        Assert.Equal(1, await app.QueryAsync(db => db.Events.IgnoreQueryFilters().CountAsync(e => e.AccountId == account.Id && e.Name == "artifact.upload.succeeded", ct)));

        (await app.Admin(account).DeleteAsync(account.Path($"artifacts/{id}"))).Expect(204);
        using var storage = new S3ArtifactStorage(settings);
        Assert.Null(await storage.HeadAsync(new ArtifactLocation(account.Id, release, Guid.Parse(id)), ct));
    }

    [Fact]
    public async Task TheSweepMarksWaitingArtifactsUploadedOrFailedByWhatTheStoreHoldsAndExpiresOnesLeftWaitingAnHour()
    {
        await using var emulator = await S3Emulator.StartAsync();
        var settings = emulator.Settings;
        await using var app = await StartServerAsync(settings);
        var ct = TestContext.Current.CancellationToken;
        var account = await app.CreateAccountAsync();
        var product = await app.Admin(account).PostAsync(account.Path("products"), new { data = new { type = "products", attributes = new { name = "App" } } });
        var productId = Guid.Parse((string)product.Expect(201).Data!["id"]!);
        var release = await ReleaseRows.AddAsync(app, account.Id, productId, "1.0.0", status: "DRAFT");
        var bytes = RandomNumberGenerator.GetBytes(1000);
        using var http = new HttpClient();

        async Task<(string Id, string Upload)> CreateAsync(string filename)
        {
            var created = await app.Admin(account).PostAsync(account.Path("artifacts"), new
            {
                data = new
                {
                    type = "artifacts",
                    attributes = new { filename, checksum = Convert.ToHexStringLower(SHA256.HashData(bytes)) },
                    relationships = new { release = new { data = new { type = "releases", id = release } } },
                },
            });
            return ((string)created.Expect(307).Data!["id"]!, created.Header("Location")!);
        }

        var (good, goodUrl) = await CreateAsync("good.bin");
        var (bad, badUrl) = await CreateAsync("bad.bin");
        var (late, _) = await CreateAsync("late.bin");
        var (pending, _) = await CreateAsync("pending.bin");
        using (var content = new ByteArrayContent(bytes))
        {
            Assert.Equal(HttpStatusCode.OK, (await http.PutAsync(goodUrl, content, ct)).StatusCode);
        }

        using (var content = new ByteArrayContent(bytes.Reverse().ToArray()))
        {
            Assert.Equal(HttpStatusCode.OK, (await http.PutAsync(badUrl, content, ct)).StatusCode);
        }

        await app.QueryAsync(db => db.Artifacts.IgnoreQueryFilters().Where(a => a.Id == Guid.Parse(late))
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Created, DateTime.UtcNow.AddHours(-2)), ct));

        await using (var scope = app.GetService<IServiceScopeFactory>().CreateAsyncScope())
        {
            Assert.Equal(3, await scope.ServiceProvider.GetRequiredService<Api.Artifacts.ArtifactUploadSweepJob>().RunAsync(ct));
        }

        var statuses = await app.QueryAsync(db => db.Artifacts.IgnoreQueryFilters().Where(a => a.AccountId == account.Id)
            .ToDictionaryAsync(a => a.Id.ToString(), a => a.Status, ct));
        Assert.Equal(("UPLOADED", "FAILED", "FAILED", "WAITING"), (statuses[good], statuses[bad], statuses[late], statuses[pending]));
        Assert.Equal(2, await app.QueryAsync(db => db.Events.IgnoreQueryFilters().CountAsync(e => e.AccountId == account.Id && e.Name == "artifact.upload.failed", ct)));
    }

    /// <summary>A server of its own whose artifact storage is the emulator's bucket.</summary>
    private static Task<TestApp> StartServerAsync(S3StorageSettings settings) => TestApp.StartAsync(new Dictionary<string, string?>
    {
        ["Distribution:Storage:Backend"] = "S3",
        ["Distribution:Storage:S3:ServiceUrl"] = settings.ServiceUrl,
        ["Distribution:Storage:S3:Bucket"] = settings.Bucket,
        ["Distribution:Storage:S3:AccessKey"] = settings.AccessKey,
        ["Distribution:Storage:S3:SecretKey"] = settings.SecretKey,
    });
}
