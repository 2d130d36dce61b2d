using LicenseServer.Core.Users;
using LicenseServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Licenses;

/// <summary>
/// A license's users (owner plus attached users) hold under many attaches at once, from two server processes sharing
/// one database: attaching serializes on the license, so maxUsers is never passed and a user is attached once.
/// </summary>
public sealed class ConcurrentLicenseUsers(TestApp app)
{
    private static object Users(params Guid[] ids) => new { data = ids.Select(u => new { type = "users", id = u.ToString() }).ToArray() };

    /// <summary>Users inserted directly (no password, no token): the attaches are what is measured.</summary>
    private async Task<List<Guid>> CreateUsersAsync(TestAccount account, int count) =>
        await app.QueryAsync(async db =>
        {
            var users = Enumerable.Range(0, count).Select(_ => new User { AccountId = account.Id, Email = $"u-{Guid.NewGuid():N}@example.com" }).ToList();
            db.Users.AddRange(users);
            await db.SaveChangesAsync();
            return users.Select(u => u.Id).ToList();
        });

    private Task<int> AttachedCountAsync(string license)
    {
        var id = Guid.Parse(license);
        return app.QueryAsync(db => db.LicenseUsers.CountAsync(u => u.LicenseId == id));
    }

    [Fact]
    public async Task Twenty_parallel_attaches_of_one_user_attach_it_once()
    {
        await using var second = await app.StartSecondNodeAsync();
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account, new { name = "Seats", maxUsers = 50 });
        var license = (string)(await app.CreateLicenseAsync(account, policy)).Data!["id"]!;
        var user = (await CreateUsersAsync(account, 1))[0];
        var nodes = new[] { app.Admin(account), second.Admin(account) };

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => nodes[i % 2].PostAsync(account.Path($"licenses/{license}/users"), Users(user)))));

        Assert.Single(responses, r => r.Status == 200);
        Assert.All(responses.Where(r => r.Status != 200), r => r.ExpectError(422, code: "USER_TAKEN", pointer: "/data/relationships/users"));
        Assert.Equal(1, await AttachedCountAsync(license));
    }

    [Fact]
    public async Task Fifty_parallel_attaches_on_a_license_for_five_users_leave_exactly_five()
    {
        await using var second = await app.StartSecondNodeAsync();
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account, new { name = "Five seats", maxUsers = 5 });
        var license = (string)(await app.CreateLicenseAsync(account, policy)).Data!["id"]!;
        var users = await CreateUsersAsync(account, 50);
        var nodes = new[] { app.Admin(account), second.Admin(account) };

        var responses = await Task.WhenAll(users.Select((user, i) =>
            Task.Run(() => nodes[i % 2].PostAsync(account.Path($"licenses/{license}/users"), Users(user)))));

        Assert.Equal(5, responses.Count(r => r.Status == 200));
        var refused = responses.Where(r => r.Status != 200).ToList();
        Assert.Equal(45, refused.Count);
        Assert.All(refused, r => r.ExpectError(422, code: "USER_LIMIT_EXCEEDED", pointer: "/data/relationships/users"));
        Assert.Equal(5, await AttachedCountAsync(license));
    }

    [Fact]
    public async Task An_owner_set_while_users_are_attached_counts_against_max_users()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account, new { name = "Three seats", maxUsers = 3 });
        var license = (string)(await app.CreateLicenseAsync(account, policy)).Data!["id"]!;
        var users = await CreateUsersAsync(account, 12);
        var admin = app.Admin(account);
        var owner = new { data = new { type = "users", id = users[0].ToString() } };

        var responses = await Task.WhenAll(users.Skip(1).Select(user =>
                Task.Run(() => admin.PostAsync(account.Path($"licenses/{license}/users"), Users(user))))
            .Append(Task.Run(() => admin.PutAsync(account.Path($"licenses/{license}/owner"), owner))));

        Assert.All(responses.Where(r => r.Status != 200), r => r.ExpectError(422, code: "USER_LIMIT_EXCEEDED", pointer: "/data/relationships/users"));
        var id = Guid.Parse(license);
        var ownerSet = await app.QueryAsync(db => db.Licenses.Where(l => l.Id == id).Select(l => l.OwnerId).SingleAsync()) is not null;
        Assert.Equal(3, await AttachedCountAsync(license) + (ownerSet ? 1 : 0));
    }
}
