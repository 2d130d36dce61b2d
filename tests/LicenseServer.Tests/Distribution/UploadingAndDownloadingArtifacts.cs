using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using LicenseServer.Core.Distribution;
using LicenseServer.Core.Distribution.Storage;
using LicenseServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Distribution;

/// <summary>
/// The upload and download flows through the local backend (distribution.md §6-§9): <c>POST /artifacts</c> answers 307 to
/// a signed upload URL, a <c>PUT</c> without credentials completes it after the checks of §7.3, and a read answers 303 to
/// a signed download URL that serves the bytes with ranges, until the artifact is deleted or its release yanked.
/// </summary>
public sealed class UploadingAndDownloadingArtifacts(TestApp app) : IDisposable
{
    private static readonly byte[] Bytes = RandomNumberGenerator.GetBytes(70_000);

    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task AnUploadedArtifactIsServedByItsSignedUrlWithItsHeadersRangesAndHead()
    {
        var (account, release) = await ReleaseAsync("1.0.0");
        var checksum = Convert.ToBase64String(SHA512.HashData(Bytes)).TrimEnd('=');
        var created = await app.Admin(account).PostAsync(account.Path("artifacts"), Body(release, "dir/App Setup.exe", new { filetype = ".EXE", filesize = Bytes.Length, platform = " Win32", checksum }));

        created.Expect(307);
        var upload = created.Header("Location")!;
        Assert.Equal(upload, (string?)created.Data!["links"]!["redirect"]);
        Assert.StartsWith($"{app.BaseAddress.ToString().TrimEnd('/')}/v1/storage/artifacts/{created.Data["id"]}/dir/App%20Setup.exe?expires=", upload, StringComparison.Ordinal);
        Assert.Equal(("WAITING", "exe", "win32"), (created.Attribute("status"), created.Attribute("filetype"), created.Attribute("platform")));
        Assert.Equal($"/v1/accounts/{account.Id}/artifacts/{created.Data["id"]}/dir/App%20Setup.exe", (string?)created.Data["links"]!["related"]);

        var put = await PutAsync(upload, Bytes, "application/x-msdownload");
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Empty(await put.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));

        var read = await app.Admin(account).GetAsync(account.Path($"artifacts/{created.Data["id"]}"));
        read.Expect(303);
        Assert.Equal("UPLOADED", read.Attribute("status"));
        var download = read.Header("Location")!;
        Assert.Equal(download, (string?)read.Data!["links"]!["redirect"]);

        using var got = await _http.GetAsync(download, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, got.StatusCode);
        Assert.Equal(Bytes, await got.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal("application/x-msdownload", got.Content.Headers.ContentType?.ToString());
        Assert.Equal(Bytes.Length, got.Content.Headers.ContentLength);
        Assert.Equal("attachment; filename=\"App Setup.exe\"", got.Content.Headers.ContentDisposition?.ToString());
        Assert.Equal($"\"{Convert.ToHexStringLower(SHA256.HashData(Bytes))}\"", got.Headers.ETag?.ToString());
        Assert.Equal("bytes", got.Headers.AcceptRanges.Single());
        Assert.True(got.Headers.CacheControl is { Private: true, MaxAge.TotalSeconds: > 3500 and <= 3600 }, got.Headers.CacheControl?.ToString());

        using var range = new HttpRequestMessage(HttpMethod.Get, download);
        range.Headers.Range = new RangeHeaderValue(100, 199);
        using var partial = await _http.SendAsync(range, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(Bytes[100..200], await partial.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal($"bytes 100-199/{Bytes.Length}", partial.Content.Headers.ContentRange?.ToString());

        using var beyond = new HttpRequestMessage(HttpMethod.Get, download);
        beyond.Headers.Range = new RangeHeaderValue(Bytes.Length + 10, null);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, (await _http.SendAsync(beyond, TestContext.Current.CancellationToken)).StatusCode);

        using var head = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, download), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(Bytes.Length, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));

        Assert.Equal(1, await EventCountAsync(account, "artifact.upload.succeeded"));
        Assert.Equal(1, await EventCountAsync(account, "artifact.downloaded"));
        Assert.Equal(1, await EventCountAsync(account, "release.downloaded"));
    }

    [Fact]
    public async Task AnUploadIsCheckedBeforeItIsKeptAndOnlyOnce()
    {
        var (account, release) = await ReleaseAsync("1.0.0");
        var created = await app.Admin(account).PostAsync(account.Path("artifacts"),
            Body(release, "app.bin", new { filesize = Bytes.Length, checksum = Convert.ToHexStringLower(SHA256.HashData(Bytes)) }));
        var upload = created.Expect(307).Header("Location")!;

        var shorter = await ErrorAsync(await PutAsync(upload, Bytes[..1000]));
        Assert.Equal(("FILESIZE_MISMATCH", "/data/attributes/filesize"), shorter);
        var other = Bytes.ToArray();
        other[5] ^= 1;
        Assert.Equal(("CHECKSUM_MISMATCH", "/data/attributes/checksum"), await ErrorAsync(await PutAsync(upload, other)));
        Assert.Equal("WAITING", (await app.Admin(account).GetAsync(account.Path($"artifacts/{created.Data!["id"]}"))).Expect(200).Attribute("status"));

        Assert.Equal(HttpStatusCode.OK, (await PutAsync(upload, Bytes)).StatusCode);
        var again = await PutAsync(upload, Bytes);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(("ARTIFACT_ALREADY_UPLOADED", null), await ErrorAsync(again));
    }

    [Fact]
    public async Task SignedUrlsAreRefusedWhenTamperedForTheOtherMethodOrExpiredInThatOrder()
    {
        var (account, release) = await ReleaseAsync("1.0.0");
        var created = await app.Admin(account).PostAsync(account.Path("artifacts"), Body(release, "a.bin", new { }));
        var upload = created.Expect(307).Header("Location")!;
        var id = Guid.Parse((string)created.Data!["id"]!);
        var signer = app.GetService<StorageUrlSigner>();

        var tampered = upload.Replace("signature=", "signature=A", StringComparison.Ordinal);
        Assert.Equal(("SIGNATURE_INVALID", null), await ErrorAsync(await PutAsync(tampered, Bytes)));
        Assert.Equal(("SIGNATURE_INVALID", null), await ErrorAsync(await _http.GetAsync(upload, TestContext.Current.CancellationToken)));
        Assert.Equal(("SIGNATURE_INVALID", null), await ErrorAsync(await _http.GetAsync($"/v1/storage/artifacts/{id}/a.bin", TestContext.Current.CancellationToken)));
        var past = "1000000000";
        var expired = $"/v1/storage/artifacts/{id}/a.bin?expires={past}&signature={signer.Sign("PUT", id, past)}";
        var response = await PutAsync(expired, Bytes);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(("SIGNATURE_EXPIRED", null), await ErrorAsync(response));

        var gone = Guid.NewGuid();
        var future = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.NotFound, (await PutAsync($"/v1/storage/artifacts/{gone}/x?expires={future}&signature={signer.Sign("PUT", gone, future)}", Bytes)).StatusCode);
    }

    [Fact]
    public async Task ADownloadUrlStopsWorkingWhenTheReleaseIsYankedOrTheArtifactDeletedAndDeleteRemovesTheBytes()
    {
        var (account, release) = await ReleaseAsync("1.0.0");
        var (id, download) = await UploadAsync(account, release, "tool.bin");
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(download, TestContext.Current.CancellationToken)).StatusCode);

        await SetReleaseStatusAsync(release, ReleaseStatuses.Yanked);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync(download, TestContext.Current.CancellationToken)).StatusCode);
        var privileged = await app.Admin(account).GetAsync(account.Path($"artifacts/{id}"));
        privileged.Expect(200);
        Assert.Null(privileged.Header("Location"));

        await SetReleaseStatusAsync(release, ReleaseStatuses.Published);
        var storage = app.GetService<LocalArtifactStorage>();
        var path = storage.PathOf(new ArtifactLocation(account.Id, release, id));
        Assert.True(File.Exists(path));
        (await app.Admin(account).DeleteAsync(account.Path($"artifacts/{id}"))).Expect(204);
        Assert.False(File.Exists(path));
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync(download, TestContext.Current.CancellationToken)).StatusCode);
        (await app.Admin(account).GetAsync(account.Path($"artifacts/{id}"))).ExpectError(404, code: "NOT_FOUND");
    }

    [Fact]
    public async Task DeletingAReleaseDeletesTheBytesOfItsArtifacts()
    {
        var (account, release) = await ReleaseAsync("1.0.0");
        var (first, _) = await UploadAsync(account, release, "a.bin");
        var (second, _) = await UploadAsync(account, release, "b.bin");
        var storage = app.GetService<LocalArtifactStorage>();
        var paths = new[] { first, second }.Select(id => storage.PathOf(new ArtifactLocation(account.Id, release, id))).ToList();
        Assert.All(paths, path => Assert.True(File.Exists(path)));

        (await app.Admin(account).DeleteAsync(account.Path($"releases/{release}"))).Expect(204);

        Assert.All(paths, path => Assert.False(File.Exists(path)));
    }

    [Fact]
    public async Task AFilenameNamesTheArtifactOfTheHighestVisibleVersionAndAnonymousCallersSeeOnlyOpenPublishedOnes()
    {
        var (account, first) = await ReleaseAsync("1.2.0", strategy: "OPEN");
        var productId = await app.QueryAsync(db => db.Releases.Where(r => r.Id == first).Select(r => r.ProductId).SingleAsync());
        var higher = await AddReleaseAsync(account, productId, "1.10.0", ReleaseStatuses.Published);
        var draft = await AddReleaseAsync(account, productId, "2.0.0", ReleaseStatuses.Draft);
        await UploadAsync(account, first, "latest.yml");
        var (newest, _) = await UploadAsync(account, higher, "latest.yml");
        var (drafted, _) = await UploadAsync(account, draft, "latest.yml");

        Assert.Equal(drafted.ToString(), (string?)(await app.Admin(account).GetAsync(account.Path("artifacts/latest.yml"))).Expect(303).Data!["id"]);
        var anonymous = await app.Anonymous.SendRawAsync(HttpMethod.Get, account.Path("artifacts/latest.yml"), null, null, accept: "application/octet-stream");
        Assert.Equal(newest.ToString(), (string?)anonymous.Expect(303).Data!["id"]);
        (await app.Anonymous.GetAsync(account.Path($"artifacts/{drafted}"))).ExpectError(404, code: "NOT_FOUND");
        var listed = await app.Anonymous.GetAsync(account.Path("artifacts"));
        Assert.Equal(2, listed.Expect(200).Data!.AsArray().Count);

        var (licensedAccount, licensed) = await ReleaseAsync("1.0.0");
        await UploadAsync(licensedAccount, licensed, "app.zip");
        (await app.Anonymous.GetAsync(licensedAccount.Path("artifacts/app.zip"))).ExpectError(404, code: "NOT_FOUND");
    }

    [Theory]
    [InlineData("../x.bin", "FILENAME_INVALID")]
    [InlineData("a//b.bin", "FILENAME_INVALID")]
    [InlineData("/abs.bin", "FILENAME_INVALID")]
    [InlineData("a\\b.bin", "FILENAME_INVALID")]
    [InlineData("app.zip", "FILENAME_EXTENSION_INVALID")]
    public async Task FilenamesThatArePathsOrDisagreeWithTheirFiletypeAreRefused(string filename, string code)
    {
        var (account, release) = await ReleaseAsync("1.0.0");
        var response = await app.Admin(account).PostAsync(account.Path("artifacts"), Body(release, filename, new { filetype = "dmg" }));
        response.ExpectError(422, code: code, pointer: "/data/attributes/filename");
    }

    private static object Body(Guid release, string filename, object attributes)
    {
        var merged = System.Text.Json.JsonSerializer.SerializeToNode(attributes)!.AsObject();
        merged["filename"] = filename;
        return new { data = new { type = "artifacts", attributes = merged, relationships = new { release = new { data = new { type = "releases", id = release } } } } };
    }

    private async Task<(Guid Id, string Download)> UploadAsync(TestAccount account, Guid release, string filename)
    {
        var created = await app.Admin(account).PostAsync(account.Path("artifacts"), Body(release, filename, new { }));
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(created.Expect(307).Header("Location")!, Bytes)).StatusCode);
        var id = Guid.Parse((string)created.Data!["id"]!);
        var read = await app.Admin(account).GetAsync(account.Path($"artifacts/{id}"));
        return (id, read.Expect(303).Header("Location")!);
    }

    private async Task<HttpResponseMessage> PutAsync(string url, byte[] bytes, string? contentType = null)
    {
        using var content = new ByteArrayContent(bytes);
        if (contentType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        return await _http.PutAsync(url, content, TestContext.Current.CancellationToken);
    }

    private static async Task<(string? Code, string? Pointer)> ErrorAsync(HttpResponseMessage response)
    {
        var error = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["errors"]![0]!;
        return ((string?)error["code"], (string?)error["source"]?["pointer"]);
    }

    private async Task<(TestAccount Account, Guid Release)> ReleaseAsync(string version, string strategy = "LICENSED")
    {
        var account = await app.CreateAccountAsync();
        var product = await app.Admin(account).PostAsync(account.Path("products"),
            new { data = new { type = "products", attributes = new { name = "App", distributionStrategy = strategy } } });
        var productId = Guid.Parse((string)product.Expect(201).Data!["id"]!);
        return (account, await AddReleaseAsync(account, productId, version, ReleaseStatuses.Published));
    }

    private Task<Guid> AddReleaseAsync(TestAccount account, Guid productId, string version, string status) =>
        ReleaseRows.AddAsync(app, account.Id, productId, version, status);

    private Task SetReleaseStatusAsync(Guid release, string status) =>
        app.QueryAsync(db => db.Releases.Where(r => r.Id == release).ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, status)));

    private Task<int> EventCountAsync(TestAccount account, string name) =>
        app.QueryAsync(db => db.Events.IgnoreQueryFilters().CountAsync(e => e.AccountId == account.Id && e.Name == name));
}
