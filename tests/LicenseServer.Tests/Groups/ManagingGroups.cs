using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Users;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Groups;

public sealed class ManagingGroups(TestApp app)
{
    private static object Body(object attributes) => new { data = new { type = "groups", attributes } };

    private static object Linkage(string type, string id) => new { data = new { type, id } };

    [Fact]
    public async Task A_group_is_created_its_limit_removed_with_null_and_deleted()
    {
        var account = await app.CreateAccountAsync();
        var admin = app.Admin(account);

        var created = await admin.PostAsync(account.Path("groups"), Body(new { name = "ACME", maxUsers = 10, maxMachines = 1 }));
        var id = (string)created.Expect(201).Data!["id"]!;
        var updated = await admin.PatchAsync(account.Path($"groups/{id}"), Body(new { maxMachines = (int?)null }));
        var deleted = await admin.DeleteAsync(account.Path($"groups/{id}"));

        Assert.Equal(10, (int?)created.Data!["attributes"]!["maxUsers"]);
        Assert.Null(created.Data!["attributes"]!["maxLicenses"]);
        Assert.Null(updated.Expect(200).Data!["attributes"]!["maxMachines"]);
        deleted.Expect(204);
        Assert.Equal(["group.created", "group.updated", "group.deleted"], await app.EventNamesAsync(account, "groups"));
    }

    [Fact]
    public async Task A_group_without_name_is_a_bad_request_and_a_zero_limit_is_invalid()
    {
        var account = await app.CreateAccountAsync();

        var nameless = await app.Admin(account).PostAsync(account.Path("groups"), Body(new { maxUsers = 1 }));
        var zero = await app.Admin(account).PostAsync(account.Path("groups"), Body(new { name = "Zero", maxUsers = 0 }));

        nameless.ExpectError(400, pointer: "/data/attributes/name");
        zero.ExpectError(422, code: "MAX_USERS_INVALID", pointer: "/data/attributes/maxUsers");
    }

    [Fact]
    public async Task Users_join_a_group_up_to_its_limit_and_leave_it_when_it_is_deleted()
    {
        var account = await app.CreateAccountAsync();
        var admin = app.Admin(account);
        var group = (string)(await admin.PostAsync(account.Path("groups"), Body(new { name = "Seats", maxUsers = 1 }))).Data!["id"]!;
        var (first, _) = await app.CreateUserAsync(account);

        var joined = await admin.PutAsync(account.Path($"users/{first}/group"), Linkage("groups", group));
        var over = await admin.PostAsync(account.Path("users"), new
        {
            data = new { type = "users", attributes = new { email = "second@example.com" }, relationships = new { group = Linkage("groups", group) } },
        });
        var members = await admin.GetAsync(account.Path($"groups/{group}/users"));
        (await admin.DeleteAsync(account.Path($"groups/{group}"))).Expect(204);

        Assert.Equal(group, (string?)joined.Expect(200).Data!["relationships"]!["group"]!["data"]!["id"]);
        over.ExpectError(422, code: "GROUP_USER_LIMIT_EXCEEDED", pointer: "/data/relationships/group");
        Assert.Equal([first], members.Expect(200).Data!.AsArray().Select(u => (string?)u!["id"]));
        Assert.Null(await app.QueryAsync(db => db.Users.Where(u => u.Id == Guid.Parse(first)).Select(u => u.GroupId).SingleAsync()));
    }

    [Fact]
    public async Task An_unknown_group_is_unprocessable_for_a_new_user()
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Admin(account).PostAsync(account.Path("users"), new
        {
            data = new { type = "users", attributes = new { email = "a@example.com" }, relationships = new { group = Linkage("groups", Guid.NewGuid().ToString()) } },
        });

        response.ExpectError(422, code: "GROUP_NOT_FOUND", pointer: "/data/relationships/group");
    }

    [Fact]
    public async Task Owners_are_attached_read_the_group_members_and_are_detached()
    {
        var account = await app.CreateAccountAsync();
        var admin = app.Admin(account);
        var group = (string)(await admin.PostAsync(account.Path("groups"), Body(new { name = "Team" }))).Data!["id"]!;
        var (owner, _, ownerToken) = await app.CreateUserWithTokenAsync(account);
        var (_, _, outsiderToken) = await app.CreateUserWithTokenAsync(account);
        var owners = new { data = new[] { new { type = "users", id = owner } } };

        var attached = await admin.PostAsync(account.Path($"groups/{group}/owners"), owners);
        var twice = await admin.PostAsync(account.Path($"groups/{group}/owners"), owners);
        var ownerReads = await app.Client(ownerToken).GetAsync(account.Path($"groups/{group}/users"));
        var outsiderReads = await app.Client(outsiderToken).GetAsync(account.Path($"groups/{group}"));
        var detached = await admin.DeleteAsync(account.Path($"groups/{group}/owners"), owners);
        var detachedAgain = await admin.DeleteAsync(account.Path($"groups/{group}/owners"), owners);

        Assert.Equal("group-owners", (string?)attached.Expect(200).Data![0]!["type"]);
        twice.ExpectError(422, code: "USER_TAKEN");
        ownerReads.Expect(200);
        outsiderReads.ExpectError(404, code: "NOT_FOUND");
        detached.Expect(204);
        detachedAgain.ExpectError(422, pointer: "/data/0");
        Assert.Equal(["group.created", "group.owners.attached", "group.owners.detached"], await app.EventNamesAsync(account, "groups"));
    }

    [Theory]
    [InlineData("read-only", 200, 403)]
    [InlineData("product", 200, 201)]
    [InlineData("user", 404, 403)]
    public async Task Bearers_read_and_write_groups(string bearer, int show, int create)
    {
        var account = await app.CreateAccountAsync();
        var group = await app.Admin(account).PostAsync(account.Path("groups"), Body(new { name = "G" }));
        var token = bearer == "product" ? await app.ProductTokenAsync(account) : (await app.CreateUserWithTokenAsync(account, bearer)).Token;

        var shown = await app.Client(token).GetAsync(account.Path($"groups/{group.Data!["id"]}"));
        var created = await app.Client(token).PostAsync(account.Path("groups"), Body(new { name = "H" }));

        shown.Expect(show);
        created.Expect(create);
    }
}
