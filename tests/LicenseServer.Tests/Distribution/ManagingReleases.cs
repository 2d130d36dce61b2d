using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;
using LicenseServer.Tests.Users;

namespace LicenseServer.Tests.Distribution;

/// <summary>Creating, finding, changing and constraining releases (distribution.md §4, §5).</summary>
public sealed class ManagingReleases(TestApp app)
{
    [Fact]
    public async Task A_release_is_created_found_by_version_and_tag_published_yanked_and_deleted_with_events()
    {
        var account = await app.CreateAccountAsync();
        var admin = app.Admin(account);
        var product = await app.CreateProductAsync(account);

        var created = await admin.PostAsync(account.Path("releases"), DistributionSetup.ReleaseBody(product, "2.1.0-beta.3+build.7",
            attributes: new { version = "2.1.0-beta.3+build.7", channel = "beta", tag = "app@2.1", name = "Beta" }));
        var id = (string)created.Expect(201).Data!["id"]!;
        var byVersion = await admin.GetAsync(account.Path("releases/2.1.0-beta.3%2Bbuild.7"));
        var byTag = await admin.GetAsync(account.Path("releases/app@2.1"));
        var published = await admin.PostAsync(account.Path($"releases/{id}/actions/publish"));
        var yanked = await admin.PostAsync(account.Path($"releases/{id}/actions/yank"));
        var deleted = await admin.DeleteAsync(account.Path($"releases/{id}"));

        Assert.Equal("DRAFT", created.Attribute("status"));
        Assert.Equal(2, (int)created.Data!["attributes"]!["semver"]!["major"]!);
        Assert.Equal("beta.3", (string?)created.Data!["attributes"]!["semver"]!["prerelease"]);
        Assert.Equal("build.7", (string?)created.Data!["attributes"]!["semver"]!["build"]);
        Assert.EndsWith($"/releases/{id}", created.Header("Location"));
        Assert.Equal(id, (string?)byVersion.Expect(200).Data!["id"]);
        Assert.Equal(id, (string?)byTag.Expect(200).Data!["id"]);
        Assert.Equal("PUBLISHED", published.Expect(200).Attribute("status"));
        Assert.Equal("YANKED", yanked.Expect(200).Attribute("status"));
        Assert.NotNull((string?)yanked.Data!["attributes"]!["yanked"]);
        deleted.Expect(204);
        (await admin.GetAsync(account.Path($"releases/{id}"))).ExpectError(404, code: "NOT_FOUND");
        Assert.Equal(["release.created", "release.published", "release.yanked", "release.deleted"], await app.EventNamesAsync(account, "releases"));
    }

    [Theory]
    [InlineData("{\"version\":\"1.0.0\"}", 400, null, "/data/attributes/channel")]
    [InlineData("{\"channel\":\"stable\"}", 400, null, "/data/attributes/version")]
    [InlineData("{\"version\":\"1.0.0\",\"channel\":\"edge\"}", 400, null, "/data/attributes/channel")]
    [InlineData("{\"version\":\"1.0.0\",\"channel\":\"stable\",\"status\":\"YANKED\"}", 400, null, "/data/attributes/status")]
    [InlineData("{\"version\":\"v1.0.0\",\"channel\":\"stable\"}", 422, "VERSION_INVALID", "/data/attributes/version")]
    [InlineData("{\"version\":\"1.0\",\"channel\":\"stable\"}", 422, "VERSION_INVALID", "/data/attributes/version")]
    [InlineData("{\"version\":\"1.0.0-beta.1\",\"channel\":\"stable\"}", 422, "VERSION_CHANNEL_INVALID", "/data/attributes/version")]
    [InlineData("{\"version\":\"1.0.0\",\"channel\":\"stable\",\"tag\":\"actions\"}", 422, "TAG_NOT_ALLOWED", "/data/attributes/tag")]
    [InlineData("{\"version\":\"1.0.0\",\"channel\":\"stable\",\"backdated\":\"2999-01-01T00:00:00Z\"}", 422, "BACKDATED_INVALID", "/data/attributes/backdated")]
    public async Task Invalid_releases_are_refused(string attributes, int status, string? code, string pointer)
    {
        var account = await app.CreateAccountAsync();
        var product = await app.CreateProductAsync(account);
        var body = $"{{\"data\":{{\"type\":\"releases\",\"attributes\":{attributes},\"relationships\":{{\"product\":{{\"data\":{{\"type\":\"products\",\"id\":\"{product}\"}}}}}}}}}}";

        var response = await app.Admin(account).SendRawAsync(HttpMethod.Post, account.Path("releases"), body, ApiClient.JsonApi);

        response.ExpectError(status, code: code, pointer: pointer);
    }

    [Fact]
    public async Task Versions_and_tags_are_unique_per_product_and_package()
    {
        var account = await app.CreateAccountAsync();
        var admin = app.Admin(account);
        var product = await app.CreateProductAsync(account);
        var package = await app.CreatePackageAsync(account, product, "cli");
        await app.CreateReleaseAsync(account, product, "1.0.0");

        var sameVersion = await admin.PostAsync(account.Path("releases"), DistributionSetup.ReleaseBody(product, "1.0.0"));
        var inPackage = await admin.PostAsync(account.Path("releases"), DistributionSetup.ReleaseBody(product, "1.0.0", packageId: package));
        var otherProduct = await admin.PostAsync(account.Path("releases"), DistributionSetup.ReleaseBody(await app.CreateProductAsync(account), "1.0.0"));

        sameVersion.ExpectError(422, code: "VERSION_TAKEN", pointer: "/data/attributes/version");
        inPackage.Expect(201);
        otherProduct.Expect(201);
    }

    [Fact]
    public async Task Update_accepts_notes_and_tag_but_not_version_channel_or_status()
    {
        var account = await app.CreateAccountAsync();
        var admin = app.Admin(account);
        var id = await app.CreateReleaseAsync(account, await app.CreateProductAsync(account), "1.0.0", publish: false);

        var updated = await admin.PatchAsync(account.Path($"releases/{id}"), new { data = new { type = "releases", id, attributes = new { name = "N", description = "Notes", tag = "latest" } } });
        var untagged = await admin.PatchAsync(account.Path($"releases/{id}"), new { data = new { type = "releases", attributes = new { tag = (string?)null } } });
        var version = await admin.PatchAsync(account.Path($"releases/{id}"), new { data = new { type = "releases", attributes = new { version = "2.0.0" } } });
        var status = await admin.PatchAsync(account.Path($"releases/{id}"), new { data = new { type = "releases", attributes = new { status = "PUBLISHED" } } });

        Assert.Equal("Notes", updated.Expect(200).Attribute("description"));
        Assert.Null((string?)untagged.Expect(200).Data!["attributes"]!["tag"]);
        version.ExpectError(400, pointer: "/data/attributes/version");
        status.ExpectError(400, pointer: "/data/attributes/status");
    }

    [Fact]
    public async Task Constraints_are_created_attached_listed_and_detached()
    {
        var account = await app.CreateAccountAsync();
        var admin = app.Admin(account);
        var product = await app.CreateProductAsync(account);
        var (a, b) = (await app.CreateEntitlementAsync(account, "A"), await app.CreateEntitlementAsync(account, "B"));
        var id = await app.CreateReleaseAsync(account, product, "1.0.0", entitlements: [a]);

        var attached = await admin.PostAsync(account.Path($"releases/{id}/constraints"), Constraints(b));
        var again = await admin.PostAsync(account.Path($"releases/{id}/constraints"), Constraints(b));
        var entitlements = await admin.GetAsync(account.Path($"releases/{id}/entitlements"));
        var constraintId = (string)attached.Expect(200).Data![0]!["id"]!;
        var detached = await admin.DeleteAsync(account.Path($"releases/{id}/constraints"), new { data = new[] { new { type = "constraints", id = constraintId } } });
        var detachedAgain = await admin.DeleteAsync(account.Path($"releases/{id}/constraints"), new { data = new[] { new { type = "constraints", id = constraintId } } });
        var left = await admin.GetAsync(account.Path($"releases/{id}/constraints"));

        Assert.Equal(id, (string?)attached.Data![0]!["relationships"]!["release"]!["data"]!["id"]);
        again.ExpectError(422, code: "ENTITLEMENT_TAKEN", pointer: "/data/relationships/entitlement");
        Assert.Equal([a, b], entitlements.Expect(200).Data!.AsArray().Select(e => (string)e!["id"]!).Order());
        detached.Expect(204);
        Assert.Equal($"cannot detach constraint '{constraintId}' (constraint is not attached)", (string?)detachedAgain.ExpectError(422, pointer: "/data/0")["detail"]);
        Assert.Equal(a, (string?)left.Expect(200).Data![0]!["relationships"]!["entitlement"]!["data"]!["id"]);
    }

    [Fact]
    public async Task Constraints_on_create_name_existing_entitlements_once()
    {
        var account = await app.CreateAccountAsync();
        var admin = app.Admin(account);
        var product = await app.CreateProductAsync(account);
        var a = await app.CreateEntitlementAsync(account, "A");

        var duplicated = await admin.PostAsync(account.Path("releases"), DistributionSetup.ReleaseBody(product, "1.0.0", entitlements: [a, a]));
        var unknown = await admin.PostAsync(account.Path("releases"), DistributionSetup.ReleaseBody(product, "1.0.0", entitlements: [Guid.NewGuid().ToString()]));

        duplicated.ExpectError(422, code: "CONSTRAINTS_ENTITLEMENT_CONFLICT", pointer: "/data/relationships/constraints/data/1/relationships/entitlement");
        unknown.ExpectError(422, code: "CONSTRAINTS_ENTITLEMENT_NOT_FOUND", pointer: "/data/relationships/constraints/data/0/relationships/entitlement");
    }

    [Fact]
    public async Task The_channel_filter_selects_a_channel_set_and_channels_are_listed()
    {
        var account = await app.CreateAccountAsync();
        var product = await app.CreateProductAsync(account);
        var made = new Dictionary<string, string>();
        foreach (var version in new[] { "1.0.0", "1.1.0-rc.1", "1.1.0-beta.1", "1.1.0-dev.1" })
        {
            made[version] = await app.CreateReleaseAsync(account, product, version, publish: false);
        }

        var beta = await app.Admin(account).GetAsync(account.Path("releases?channel=beta"));
        var dev = await app.Admin(account).GetAsync(account.Path("releases?channel=dev"));
        var channels = await app.Admin(account).GetAsync(account.Path("channels"));

        Assert.Equal(new[] { made["1.0.0"], made["1.1.0-rc.1"], made["1.1.0-beta.1"] }.Order(), Ids(beta).Order());
        Assert.Equal([made["1.1.0-dev.1"]], Ids(dev));
        Assert.Equal(["beta", "dev", "rc", "stable"], channels.Expect(200).Data!.AsArray().Select(c => (string)c!["attributes"]!["key"]!).Order());
    }

    [Fact]
    public async Task A_product_writes_only_its_own_releases_and_sees_no_other()
    {
        var account = await app.CreateAccountAsync();
        var (mine, other) = (await app.CreateProductAsync(account), await app.CreateProductAsync(account));
        var product = app.Client(await app.ProductTokenAsync(account, mine));
        var foreign = await app.CreateReleaseAsync(account, other, "2.0.0", publish: false);

        var own = await product.PostAsync(account.Path("releases"), DistributionSetup.ReleaseBody(mine, "1.0.0"));
        var others = await product.PostAsync(account.Path("releases"), DistributionSetup.ReleaseBody(other, "1.0.0"));
        var shown = await product.GetAsync(account.Path($"releases/{foreign}"));

        own.Expect(201);
        others.ExpectError(403);
        shown.ExpectError(404, code: "NOT_FOUND");
    }

    private static object Constraints(string entitlement) => new
    {
        data = new[] { new { type = "constraints", relationships = new { entitlement = new { data = new { type = "entitlements", id = entitlement } } } } },
    };

    private static IEnumerable<string> Ids(ApiResponse response) => response.Expect(200).Data!.AsArray().Select(r => (string)r!["id"]!);
}
