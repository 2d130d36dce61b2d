using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;
using LicenseServer.Tests.Users;

namespace LicenseServer.Tests.Distribution;

/// <summary>Packages and the engine/channel lookups (distribution.md §12, §13).</summary>
public sealed class ManagingPackages(TestApp app)
{
    private static object Body(string productId, object attributes) => new
    {
        data = new { type = "packages", attributes, relationships = new { product = new { data = new { type = "products", id = productId } } } },
    };

    [Fact]
    public async Task A_pypi_package_key_is_normalised_found_by_key_and_its_engine_listed()
    {
        var account = await app.CreateAccountAsync();
        var admin = app.Admin(account);
        var product = await app.CreateProductAsync(account);

        var created = await admin.PostAsync(account.Path("packages"), Body(product, new { name = "Tools", key = "Acme_tools..x", engine = "pypi" }));
        var byKey = await admin.GetAsync(account.Path("packages/Acme-tools-x"));
        var taken = await admin.PostAsync(account.Path("packages"), Body(product, new { name = "Again", key = "Acme-tools-x" }));
        var badEngine = await admin.PostAsync(account.Path("packages"), Body(product, new { name = "Bad", key = "bad", engine = "maven" }));
        var reserved = await admin.PostAsync(account.Path("packages"), Body(product, new { name = "Bad", key = "actions" }));
        var engines = await admin.GetAsync(account.Path("engines"));
        var engine = await admin.GetAsync(account.Path("engines/pypi"));

        Assert.Equal("Acme-tools-x", created.Expect(201).Attribute("key"));
        Assert.Equal((string?)created.Data!["id"], (string?)byKey.Expect(200).Data!["id"]);
        taken.ExpectError(422, code: "KEY_TAKEN", pointer: "/data/attributes/key");
        badEngine.ExpectError(400, pointer: "/data/attributes/engine");
        reserved.ExpectError(422, code: "KEY_NOT_ALLOWED", pointer: "/data/attributes/key");
        Assert.Equal(["pypi"], engines.Expect(200).Data!.AsArray().Select(e => (string)e!["attributes"]!["key"]!));
        Assert.Equal("engines", (string?)engine.Expect(200).Data!["type"]);
        Assert.Equal(["package.created"], await app.EventNamesAsync(account, "packages"));
    }

    [Fact]
    public async Task A_release_changes_package_only_within_its_product()
    {
        var account = await app.CreateAccountAsync();
        var admin = app.Admin(account);
        var (product, other) = (await app.CreateProductAsync(account), await app.CreateProductAsync(account));
        var package = await app.CreatePackageAsync(account, product, "cli");
        var foreign = await app.CreatePackageAsync(account, other, "gui");
        var release = await app.CreateReleaseAsync(account, product, "1.0.0");

        var moved = await admin.PutAsync(account.Path($"releases/{release}/package"), new { data = new { type = "packages", id = package } });
        var shown = await admin.GetAsync(account.Path($"releases/{release}/package"));
        var refused = await admin.PutAsync(account.Path($"releases/{release}/package"), new { data = new { type = "packages", id = foreign } });
        var unknown = await admin.PutAsync(account.Path($"releases/{release}/package"), new { data = new { type = "packages", id = Guid.NewGuid() } });
        var cleared = await admin.PutAsync(account.Path($"releases/{release}/package"), new { data = (object?)null });

        Assert.Equal(package, (string?)moved.Expect(200).Data!["relationships"]!["package"]!["data"]!["id"]);
        Assert.Equal(package, (string?)shown.Expect(200).Data!["id"]);
        refused.ExpectError(422, code: "PACKAGE_NOT_ALLOWED", pointer: "/data/relationships/package");
        unknown.ExpectError(404, code: "NOT_FOUND");
        Assert.Null(cleared.Expect(200).Data!["relationships"]!["package"]!["data"]);
        Assert.Contains("release.package.updated", await app.EventNamesAsync(account, "releases"));
    }

    [Fact]
    public async Task Licenses_see_the_packages_and_channels_of_their_products_and_of_open_ones()
    {
        var account = await app.CreateAccountAsync();
        var (mine, open, other) = (await app.CreateProductAsync(account, "LICENSED"), await app.CreateProductAsync(account, "OPEN"),
            await app.CreateProductAsync(account, "LICENSED"));
        var visible = new[] { await app.CreatePackageAsync(account, mine, "mine"), await app.CreatePackageAsync(account, open, "open") };
        await app.CreatePackageAsync(account, other, "other");
        await app.CreateReleaseAsync(account, mine, "1.0.0");
        await app.CreateReleaseAsync(account, other, "1.0.0-beta.1");
        var license = (string)(await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account, productId: mine))).Data!["id"]!;
        var client = app.Client(await app.LicenseTokenAsync(account, license));

        var packages = await client.GetAsync(account.Path("packages"));
        var anonymous = await app.Anonymous.GetAsync(account.Path("packages"));
        var channels = await client.GetAsync(account.Path("channels"));

        Assert.Equal(visible.Order(), packages.Expect(200).Data!.AsArray().Select(p => (string)p!["id"]!).Order());
        Assert.Equal([visible[1]], anonymous.Expect(200).Data!.AsArray().Select(p => (string)p!["id"]!));
        Assert.Equal(["stable"], channels.Expect(200).Data!.AsArray().Select(c => (string)c!["attributes"]!["key"]!));
    }

    [Fact]
    public async Task Keygen_go_upgrades_through_the_routes_without_the_account_segment()
    {
        await using var own = await TestApp.StartAsync(new Dictionary<string, string?>());
        var account = await own.CreateAccountAsync();
        var product = await own.CreateProductAsync(account);
        await own.CreateReleaseAsync(account, product, "1.0.0");
        await own.CreateReleaseAsync(account, product, "1.2.0");

        var upgrade = await own.Admin(account).GetAsync($"/v1/releases/1.0.0/upgrade?channel=stable&product={product}");
        var none = await own.Admin(account).GetAsync($"/v1/releases/1.2.0/upgrade?channel=stable&product={product}");

        Assert.Equal("1.2.0", upgrade.Expect(200).Attribute("version"));
        Assert.Equal("The requested release was not found", (string?)none.ExpectError(404, code: "NOT_FOUND")["detail"]);
    }
}
