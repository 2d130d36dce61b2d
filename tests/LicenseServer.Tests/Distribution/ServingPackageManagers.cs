using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using LicenseServer.Core.Distribution;
using LicenseServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Distribution;

/// <summary>
/// The engine protocols a package manager calls (distribution.md §14): raw redirects to the vanity URL with the query kept,
/// the PyPI simple index and package page (hash fragments, credentials challenge, fallback), and the Tauri update server.
/// </summary>
public sealed class ServingPackageManagers(TestApp app)
{
    private static readonly byte[] Wheel = "PK not really a wheel\n"u8.ToArray();

    [Fact]
    public async Task TheRawEngineRedirectsToTheVanityUrlOfTheHighestMatchingReleaseKeepingTheQuery()
    {
        var account = await app.CreateAccountAsync();
        var product = await ProductAsync(account, "LICENSED", "desktop");
        var package = await PackageAsync(account, product, "agent", "raw");
        await UploadAsync(account, await ReleaseAsync(account, product, "1.0.0", null, "latest"), "App.zip", Wheel);
        var packaged = await UploadAsync(account, await ReleaseAsync(account, product, "2.0.0", package, null), "bin/agent", Wheel);

        var raw = await app.Admin(account).SendRawAsync(HttpMethod.Get, account.Path("engines/raw/desktop/latest/App.zip?x=1"), null, null, accept: "*/*");
        Assert.Equal(303, raw.Status);
        Assert.Matches($"/v1/accounts/{account.Id}/artifacts/[0-9a-f-]{{36}}/App.zip\\?x=1$", raw.Header("Location"));
        var withPackage = await app.Admin(account).SendRawAsync(HttpMethod.Get, account.Path($"engines/raw/{product}/@agent/2.0.0/bin/agent"), null, null, accept: "*/*");
        Assert.EndsWith($"/artifacts/{packaged}/bin/agent", withPackage.Expect(303).Header("Location"), StringComparison.Ordinal);
        (await app.Admin(account).GetAsync(account.Path("engines/raw/desktop/2.0.0/bin/agent"))).ExpectError(404);
        (await app.Anonymous.GetAsync(account.Path("engines/raw/desktop/latest/App.zip"))).ExpectError(404);
    }

    [Fact]
    public async Task ThePypiIndexListsPackagesAndWheelsWithHashesAndChallengesCallersWhoMayNotReadThem()
    {
        var account = await app.CreateAccountAsync();
        var product = await ProductAsync(account, "LICENSED", null);
        var package = await PackageAsync(account, product, "Acme-Tools", "pypi");
        var digest = Convert.ToHexStringLower(SHA256.HashData(Wheel));
        var artifact = await UploadAsync(account, await ReleaseAsync(account, product, "1.0.0", package, null), "acme_tools-1.0.0-py3-none-any.whl", Wheel, digest);

        var index = await app.Admin(account).SendRawAsync(HttpMethod.Get, account.Path("engines/pypi/simple/"), null, null, accept: "text/html");
        Assert.Equal(200, index.Status);
        Assert.Equal("text/html", index.ContentHeaders.ContentType?.MediaType);
        Assert.Contains($"/v1/accounts/{account.Id}/engines/pypi/simple/{package}/\">Acme-Tools</a>", index.Body, StringComparison.Ordinal);

        var page = await app.Admin(account).SendRawAsync(HttpMethod.Get, account.Path("engines/pypi/simple/acme_tools/"), null, null, accept: "text/html");
        Assert.Contains($"/artifacts/{artifact}/acme_tools-1.0.0-py3-none-any.whl#sha256={digest}\">acme_tools-1.0.0-py3-none-any.whl</a>", page.Expect(200).Body, StringComparison.Ordinal);
        Assert.Contains("<meta name=\"pypi:repository-version\" content=\"1.1\">", page.Body, StringComparison.Ordinal);
        var etag = page.Headers.ETag!.ToString();
        var again = await app.Admin(account).SendRawAsync(HttpMethod.Get, account.Path("engines/pypi/simple/ACME.tools"), null, null, accept: "text/html",
            headers: new Dictionary<string, string> { ["If-None-Match"] = etag });
        Assert.Equal(304, again.Status);

        var anonymous = await app.Anonymous.SendRawAsync(HttpMethod.Get, account.Path("engines/pypi/simple/acme-tools/"), null, null, accept: "text/html");
        anonymous.ExpectError(401);
        Assert.Contains("realm=\"keygen\"", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        var unknown = await app.Anonymous.SendRawAsync(HttpMethod.Get, account.Path("engines/pypi/simple/requests/"), null, null, accept: "text/html");
        Assert.Equal(307, unknown.Status);
        Assert.Equal("https://pypi.org/simple/requests", unknown.Header("Location"));
    }

    [Fact]
    public async Task TheTauriEngineAnswersTheNextBundleOrNoContentAndWantsItsParameters()
    {
        var account = await app.CreateAccountAsync();
        var product = await ProductAsync(account, "LICENSED", null);
        var package = await PackageAsync(account, product, "tauri-app", "tauri");
        await ReleaseAsync(account, product, "1.0.0", package, null);
        var next = await ReleaseAsync(account, product, "1.1.0", package, null, "Bug fixes");
        var bundle = await UploadAsync(account, next, "app_1.1.0_x64.app.tar.gz", "bundle"u8.ToArray(), platform: "darwin", signature: "c2ln");
        await UploadAsync(account, next, "app_1.1.0_x64.app.tar.gz.sig", "sig"u8.ToArray(), platform: "darwin", filetype: "sig");

        var update = await app.Admin(account).SendRawAsync(HttpMethod.Get, account.Path("engines/tauri/tauri-app?platform=darwin&arch=x86_64&version=1.0.0"), null, null, accept: "application/json");
        var json = JsonNode.Parse(update.Expect(200).Body)!;
        Assert.Equal(("1.1.0", "c2ln", "Bug fixes"), ((string?)json["version"], (string?)json["signature"], (string?)json["notes"]));
        Assert.EndsWith($"/artifacts/{bundle}/app_1.1.0_x64.app.tar.gz", (string?)json["url"], StringComparison.Ordinal);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", (string?)json["pub_date"]);

        Assert.Equal(204, (await app.Admin(account).GetAsync(account.Path("engines/tauri/tauri-app?platform=darwin&arch=x86_64&version=1.1.0"))).Status);
        Assert.Equal(204, (await app.Admin(account).GetAsync(account.Path("engines/tauri/tauri-app?platform=linux&arch=x86_64&version=1.0.0"))).Status);
        (await app.Admin(account).GetAsync(account.Path("engines/tauri/tauri-app?platform=darwin&arch=x86_64"))).ExpectError(400, parameter: "version");
        Assert.Equal(204, (await app.Admin(account).GetAsync(account.Path("engines/tauri/tauri-app?platform=darwin&arch=x86_64&version=1.0.0&constraint=2"))).Status);

        // The one update answered is the one upgrade recorded.
        var upgraded = await app.QueryAsync(db => db.Events.Where(e => e.AccountId == account.Id && e.Name == "release.upgraded")
            .Select(e => e.ResourceId).ToListAsync());
        Assert.Equal([next], upgraded);
    }

    private async Task<Guid> ProductAsync(TestAccount account, string strategy, string? code)
    {
        var product = await app.Admin(account).PostAsync(account.Path("products"),
            new { data = new { type = "products", attributes = new { name = "App", code, distributionStrategy = strategy } } });
        return Guid.Parse((string)product.Expect(201).Data!["id"]!);
    }

    private Task<Guid> PackageAsync(TestAccount account, Guid product, string key, string engine) => app.QueryAsync(async db =>
    {
        var package = new Package { AccountId = account.Id, ProductId = product, Name = key, Key = key, Engine = engine };
        db.Packages.Add(package);
        await db.SaveChangesAsync();
        return package.Id;
    });

    private Task<Guid> ReleaseAsync(TestAccount account, Guid product, string version, Guid? package, string? tag, string? description = null) =>
        ReleaseRows.AddAsync(app, account.Id, product, version, packageId: package, tag: tag, description: description);

    private async Task<Guid> UploadAsync(TestAccount account, Guid release, string filename, byte[] bytes, string? checksum = null,
        string? platform = null, string? signature = null, string? filetype = null)
    {
        var created = await app.Admin(account).PostAsync(account.Path("artifacts"), new
        {
            data = new
            {
                type = "artifacts",
                attributes = new { filename, checksum, platform, arch = platform is null ? null : "x86_64", signature, filetype },
                relationships = new { release = new { data = new { type = "releases", id = release } } },
            },
        });
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        using var content = new ByteArrayContent(bytes);
        Assert.Equal(HttpStatusCode.OK, (await http.PutAsync(created.Expect(307).Header("Location"), content, TestContext.Current.CancellationToken)).StatusCode);
        return Guid.Parse((string)created.Data!["id"]!);
    }
}
