using System.Text.Json.Nodes;
using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;
using LicenseServer.Tests.Users;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Entitlements;

public sealed class AttachingEntitlements(TestApp app)
{
    private const string Pointer = "/data/relationships/entitlement";

    private static object List(params string[] ids) => new { data = ids.Select(id => new { type = "entitlements", id }).ToArray() };

    private async Task<string> EntitlementAsync(TestAccount account, string code)
    {
        var response = await app.Admin(account).PostAsync(account.Path("entitlements"), new { data = new { type = "entitlements", attributes = new { name = code, code } } });
        return (string)response.Expect(201).Data!["id"]!;
    }

    private async Task<(TestAccount Account, string Policy, string License, string Key)> LicenseAsync(object? policyAttributes = null)
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account, policyAttributes);
        var license = await app.CreateLicenseAsync(account, policy);
        return (account, policy, (string)license.Data!["id"]!, license.Attribute("key"));
    }

    private static List<string> Ids(ApiResponse response) => response.Expect(200).Data!.AsArray().Select(i => (string)i!["id"]!).ToList();

    [Fact]
    public async Task A_policy_attaches_and_detaches_entitlements_with_events()
    {
        var (account, policy, _, _) = await LicenseAsync();
        var a = await EntitlementAsync(account, "A");
        var admin = app.Admin(account);

        var attached = await admin.PostAsync(account.Path($"policies/{policy}/entitlements"), List(a));
        var listed = await admin.GetAsync(account.Path($"policies/{policy}/entitlements"));
        var byCode = await admin.GetAsync(account.Path($"policies/{policy}/entitlements/A"));
        var detached = await admin.DeleteAsync(account.Path($"policies/{policy}/entitlements"), List(a));
        var after = await admin.GetAsync(account.Path($"policies/{policy}/entitlements"));

        var item = attached.Expect(200).Data!.AsArray().Single()!;
        Assert.Equal("policy-entitlements", (string?)item["type"]);
        Assert.Equal(a, (string?)item["relationships"]!["entitlement"]!["data"]!["id"]);
        Assert.Equal(account.Path($"policies/{policy}/entitlements/{a}"), (string?)item["links"]!["related"]);
        Assert.Equal([a], Ids(listed));
        Assert.Equal(a, (string?)byCode.Expect(200).Data!["id"]);
        detached.Expect(204);
        Assert.Empty(Ids(after));
        Assert.Equal(["policy.entitlements.attached", "policy.entitlements.detached"],
            (await app.EventNamesAsync(account, "policies")).Where(n => n.Contains("entitlements")));
    }

    [Theory]
    [InlineData("policies")]
    [InlineData("licenses")]
    public async Task Attach_errors_follow_the_contract(string kind)
    {
        var (account, policy, license, _) = await LicenseAsync();
        var parent = kind == "policies" ? policy : license;
        var a = await EntitlementAsync(account, "A");
        var path = account.Path($"{kind}/{parent}/entitlements");
        var admin = app.Admin(account);

        var empty = await admin.PostAsync(path, new { data = Array.Empty<object>() });
        var tooMany = await admin.PostAsync(path, List([.. Enumerable.Range(0, 101).Select(_ => a)]));
        var unknown = await admin.PostAsync(path, List(Guid.NewGuid().ToString()));
        (await admin.PostAsync(path, List(a))).Expect(200);
        var twice = await admin.PostAsync(path, List(a));
        var notAttached = await admin.DeleteAsync(path, List(a, Guid.NewGuid().ToString()));

        Assert.Equal("length must be between 1 and 100 (inclusive)", (string?)empty.ExpectError(400, pointer: "/data")["detail"]);
        tooMany.ExpectError(400, pointer: "/data");
        Assert.Equal("must exist", (string?)unknown.ExpectError(422, code: "ENTITLEMENT_NOT_FOUND", pointer: Pointer)["detail"]);
        Assert.Equal("already exists", (string?)twice.ExpectError(422, code: "ENTITLEMENT_TAKEN", pointer: Pointer)["detail"]);
        Assert.StartsWith("cannot detach entitlement '", (string?)notAttached.ExpectError(422, pointer: "/data/1")["detail"]);
        Assert.Equal(1, await app.QueryAsync(db => kind == "policies"
            ? db.PolicyEntitlements.CountAsync(e => e.AccountId == account.Id)
            : db.LicenseEntitlements.CountAsync(e => e.AccountId == account.Id)));
    }

    [Fact]
    public async Task A_license_lists_its_own_and_its_policys_entitlements()
    {
        var (account, policy, license, _) = await LicenseAsync();
        var own = await EntitlementAsync(account, "OWN");
        var inherited = await EntitlementAsync(account, "INHERITED");
        var admin = app.Admin(account);

        (await admin.PostAsync(account.Path($"policies/{policy}/entitlements"), List(inherited))).Expect(200);
        var attached = await admin.PostAsync(account.Path($"licenses/{license}/entitlements"), List(own));
        var conflict = await admin.PostAsync(account.Path($"licenses/{license}/entitlements"), List(inherited));
        var listed = await admin.GetAsync(account.Path($"licenses/{license}/entitlements"));
        var detachInherited = await admin.DeleteAsync(account.Path($"licenses/{license}/entitlements"), List(inherited));
        var detached = await admin.DeleteAsync(account.Path($"licenses/{license}/entitlements"), List(own));

        Assert.Equal("license-entitlements", (string?)attached.Expect(200).Data!.AsArray().Single()!["type"]);
        conflict.ExpectError(422, code: "ENTITLEMENT_CONFLICT", pointer: Pointer);
        Assert.Equal(new[] { own, inherited }.Order(), Ids(listed).Order());
        Assert.Contains("attached through policy", (string?)detachInherited.ExpectError(403, pointer: "/data/0")["detail"]);
        detached.Expect(204);
        Assert.Equal(["license.entitlements.attached", "license.entitlements.detached"],
            (await app.EventNamesAsync(account, "licenses")).Where(n => n.Contains("entitlements")));
    }

    [Fact]
    public async Task The_entitlements_scope_needs_every_code_held_by_policy_or_license()
    {
        var (account, policy, license, key) = await LicenseAsync();
        var own = await EntitlementAsync(account, "OWN");
        var inherited = await EntitlementAsync(account, "INHERITED");
        await EntitlementAsync(account, "OTHER");
        var admin = app.Admin(account);
        async Task<JsonNode> ValidateAsync(params string[] codes) =>
            (await app.Anonymous.PostAsync(account.Path("licenses/actions/validate-key"), new { meta = new { key, scope = new { entitlements = codes } } })).Expect(200).Json!["meta"]!;

        var missing = await ValidateAsync("OWN");
        (await admin.PostAsync(account.Path($"licenses/{license}/entitlements"), List(own))).Expect(200);
        (await admin.PostAsync(account.Path($"policies/{policy}/entitlements"), List(inherited))).Expect(200);
        var both = await ValidateAsync("OWN", "INHERITED", "OWN");
        var other = await ValidateAsync("OWN", "OTHER");
        var empty = await ValidateAsync();

        Assert.Equal("ENTITLEMENTS_MISSING", (string?)missing["code"]);
        Assert.Equal("is missing one or more required entitlements", (string?)missing["detail"]);
        Assert.Equal("VALID", (string?)both["code"]);
        Assert.Equal("ENTITLEMENTS_MISSING", (string?)other["code"]);
        Assert.Equal("ENTITLEMENTS_SCOPE_EMPTY", (string?)empty["code"]);
    }

    [Fact]
    public async Task Only_vendors_attach_and_a_license_reads_its_own_entitlements()
    {
        var (account, policy, license, key) = await LicenseAsync(new { name = "Keyed", authenticationStrategy = "LICENSE" });
        var a = await EntitlementAsync(account, "A");
        var asLicense = app.WithAuthorization("License " + key);

        var attach = await asLicense.PostAsync(account.Path($"licenses/{license}/entitlements"), List(a));
        var policyAttach = await asLicense.PostAsync(account.Path($"policies/{policy}/entitlements"), List(a));
        (await app.Admin(account).PostAsync(account.Path($"licenses/{license}/entitlements"), List(a))).Expect(200);
        var read = await asLicense.GetAsync(account.Path($"licenses/{license}/entitlements"));

        attach.Expect(403);
        policyAttach.Expect(403);
        Assert.Equal([a], Ids(read));
    }
}
