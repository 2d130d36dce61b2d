using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;
using LicenseServer.Tests.Users;

namespace LicenseServer.Tests.Groups;

public sealed class LicensesInGroups(TestApp app)
{
    private async Task<string> GroupAsync(TestAccount account, int? maxLicenses = null)
    {
        var response = await app.Admin(account).PostAsync(account.Path("groups"), new { data = new { type = "groups", attributes = new { name = "Seats", maxLicenses } } });
        return (string)response.Expect(201).Data!["id"]!;
    }

    private static object LicenseInGroup(string policy, string? group) => new
    {
        data = new
        {
            type = "licenses",
            relationships = new
            {
                policy = new { data = new { type = "policies", id = policy } },
                group = new { data = group is null ? null : new { type = "groups", id = group } },
            },
        },
    };

    [Fact]
    public async Task A_license_created_in_a_group_is_listed_by_the_group_and_its_filter()
    {
        var account = await app.CreateAccountAsync();
        var group = await GroupAsync(account);
        var policy = await app.CreatePolicyAsync(account);
        var admin = app.Admin(account);

        var created = await admin.PostAsync(account.Path("licenses"), LicenseInGroup(policy, group));
        await app.CreateLicenseAsync(account, policy);
        var id = (string)created.Expect(201).Data!["id"]!;
        var members = await admin.GetAsync(account.Path($"groups/{group}/licenses"));
        var member = await admin.GetAsync(account.Path($"groups/{group}/licenses/{id}"));
        var shown = await admin.GetAsync(account.Path($"licenses/{id}/group"));
        var unknownGroup = await admin.GetAsync(account.Path($"groups/{Guid.NewGuid()}/licenses"));

        Assert.Equal(group, (string?)created.Data!["relationships"]!["group"]!["data"]!["id"]);
        Assert.Equal([id], members.Expect(200).Data!.AsArray().Select(l => (string)l!["id"]!));
        Assert.Equal(id, (string?)member.Expect(200).Data!["id"]);
        Assert.Equal(group, (string?)shown.Expect(200).Data!["id"]);
        unknownGroup.ExpectError(404, code: "NOT_FOUND");
    }

    [Fact]
    public async Task An_unknown_group_is_not_found_and_the_license_limit_is_enforced()
    {
        var account = await app.CreateAccountAsync();
        var group = await GroupAsync(account, maxLicenses: 1);
        var policy = await app.CreatePolicyAsync(account);
        var admin = app.Admin(account);

        var unknown = await admin.PostAsync(account.Path("licenses"), LicenseInGroup(policy, Guid.NewGuid().ToString()));
        (await admin.PostAsync(account.Path("licenses"), LicenseInGroup(policy, group))).Expect(201);
        var over = await admin.PostAsync(account.Path("licenses"), LicenseInGroup(policy, group));
        var outside = (string)(await app.CreateLicenseAsync(account, policy)).Data!["id"]!;
        var moved = await admin.PutAsync(account.Path($"licenses/{outside}/group"), new { data = new { type = "groups", id = group } });

        unknown.ExpectError(422, code: "GROUP_NOT_FOUND", pointer: "/data/relationships/group");
        var error = over.ExpectError(422, code: "GROUP_LICENSE_LIMIT_EXCEEDED", pointer: "/data/relationships/group");
        Assert.Equal("license count has exceeded maximum allowed by current group (1)", (string?)error["detail"]);
        moved.ExpectError(422, code: "GROUP_LICENSE_LIMIT_EXCEEDED", pointer: "/data/relationships/group");
    }

    [Fact]
    public async Task The_group_relationship_changes_and_clears_with_events()
    {
        var account = await app.CreateAccountAsync();
        var group = await GroupAsync(account);
        var policy = await app.CreatePolicyAsync(account);
        var id = (string)(await app.CreateLicenseAsync(account, policy)).Data!["id"]!;
        var admin = app.Admin(account);

        var noGroup = await admin.GetAsync(account.Path($"licenses/{id}/group"));
        var moved = await admin.PutAsync(account.Path($"licenses/{id}/group"), new { data = new { type = "groups", id = group } });
        var unknown = await admin.PutAsync(account.Path($"licenses/{id}/group"), new { data = new { type = "groups", id = Guid.NewGuid() } });
        var cleared = await admin.PutAsync(account.Path($"licenses/{id}/group"), new { data = (object?)null });

        noGroup.ExpectError(404, code: "NOT_FOUND");
        Assert.Equal(group, (string?)moved.Expect(200).Data!["relationships"]!["group"]!["data"]!["id"]);
        unknown.ExpectError(422, code: "GROUP_NOT_FOUND", pointer: "/data/relationships/group");
        Assert.Null(cleared.Expect(200).Data!["relationships"]!["group"]!["data"]);
        Assert.Equal(2, (await app.EventNamesAsync(account, "licenses")).Count(n => n == "license.group.updated"));
    }

    [Fact]
    public async Task Concurrent_creates_never_exceed_the_group_limit()
    {
        var account = await app.CreateAccountAsync();
        var group = await GroupAsync(account, maxLicenses: 3);
        var policy = await app.CreatePolicyAsync(account);
        var admin = app.Admin(account);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => admin.PostAsync(account.Path("licenses"), LicenseInGroup(policy, group))));

        Assert.Equal(3, responses.Count(r => r.Status == 201));
        Assert.All(responses.Where(r => r.Status != 201), r => r.ExpectError(422, code: "GROUP_LICENSE_LIMIT_EXCEEDED"));
    }
}
