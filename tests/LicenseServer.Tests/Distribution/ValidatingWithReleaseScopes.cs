using LicenseServer.Core.Distribution;
using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;

namespace LicenseServer.Tests.Distribution;

/// <summary>The <c>version</c> and <c>checksum</c> validation scopes match the license's readable releases (distribution.md §15).</summary>
public sealed class ValidatingWithReleaseScopes(TestApp app)
{
    private static object Scope(object scope) => new { meta = new { scope } };

    [Fact]
    public async Task The_version_scope_matches_a_published_release_the_license_may_read()
    {
        var account = await app.CreateAccountAsync();
        var product = await app.CreateProductAsync(account);
        var entitlement = await app.CreateEntitlementAsync(account, "PRO");
        await app.CreateReleaseAsync(account, product, "1.0.0");
        await app.CreateReleaseAsync(account, product, "2.0.0", publish: false);
        await app.CreateReleaseAsync(account, product, "3.0.0", entitlements: [entitlement]);
        await app.CreateReleaseAsync(account, await app.CreateProductAsync(account), "4.0.0");
        var license = (string)(await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account, productId: product))).Data!["id"]!;
        var validate = account.Path($"licenses/{license}/actions/validate");

        var published = await app.Admin(account).PostAsync(validate, Scope(new { version = "1.0.0" }));
        var draft = await app.Admin(account).PostAsync(validate, Scope(new { version = "2.0.0" }));
        var constrained = await app.Admin(account).PostAsync(validate, Scope(new { version = "3.0.0" }));
        var foreign = await app.Admin(account).PostAsync(validate, Scope(new { version = "4.0.0" }));

        Assert.True((bool)published.Expect(200).Meta!["valid"]!, published.Body);
        Assert.Equal("1.0.0", published.Attribute("version"));
        Assert.Equal("VERSION_SCOPE_MISMATCH", (string?)draft.Expect(200).Meta!["code"]);
        Assert.Equal("VERSION_SCOPE_MISMATCH", (string?)constrained.Expect(200).Meta!["code"]);
        Assert.Equal("VERSION_SCOPE_MISMATCH", (string?)foreign.Expect(200).Meta!["code"]);
        Assert.Equal("1.0.0", (await app.Admin(account).GetAsync(account.Path($"licenses/{license}"))).Expect(200).Attribute("version"));
    }

    [Fact]
    public async Task The_checksum_scope_matches_an_uploaded_artifact_of_a_readable_release_and_takes_its_version()
    {
        var account = await app.CreateAccountAsync();
        var product = await app.CreateProductAsync(account);
        var older = await app.CreateReleaseAsync(account, product, "1.0.0");
        var newer = await app.CreateReleaseAsync(account, product, "1.1.0");
        var draft = await app.CreateReleaseAsync(account, product, "2.0.0", publish: false);
        await app.QueryAsync(async db =>
        {
            db.Artifacts.AddRange(
                new Artifact { AccountId = account.Id, ReleaseId = Guid.Parse(older), Filename = "a.zip", Checksum = "same", Status = ArtifactStatuses.Uploaded },
                new Artifact { AccountId = account.Id, ReleaseId = Guid.Parse(newer), Filename = "a.zip", Checksum = "same", Status = ArtifactStatuses.Uploaded },
                new Artifact { AccountId = account.Id, ReleaseId = Guid.Parse(newer), Filename = "b.zip", Checksum = "waiting", Status = ArtifactStatuses.Waiting },
                new Artifact { AccountId = account.Id, ReleaseId = Guid.Parse(draft), Filename = "c.zip", Checksum = "drafted", Status = ArtifactStatuses.Uploaded });
            return await db.SaveChangesAsync();
        });
        var license = (string)(await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account, productId: product))).Data!["id"]!;
        var validate = account.Path($"licenses/{license}/actions/validate");

        var matched = await app.Admin(account).PostAsync(validate, Scope(new { checksum = "same" }));
        var waiting = await app.Admin(account).PostAsync(validate, Scope(new { checksum = "waiting" }));
        var drafted = await app.Admin(account).PostAsync(validate, Scope(new { checksum = "drafted" }));

        Assert.True((bool)matched.Expect(200).Meta!["valid"]!, matched.Body);
        Assert.Equal("1.1.0", matched.Attribute("version"));
        Assert.Equal("CHECKSUM_SCOPE_MISMATCH", (string?)waiting.Expect(200).Meta!["code"]);
        Assert.Equal("CHECKSUM_SCOPE_MISMATCH", (string?)drafted.Expect(200).Meta!["code"]);
    }
}
