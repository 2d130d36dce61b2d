using LicenseServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static LicenseServer.Tests.Users.UserBuilders;

namespace LicenseServer.Tests.Users;

public sealed class ManagingUsers(TestApp app)
{
    [Fact]
    public async Task An_admin_creates_a_user_whose_password_never_shows()
    {
        var account = await app.CreateAccountAsync();

        var created = await app.Admin(account).PostAsync(account.Path("users"),
            UserBody(new { email = "  Clark@Example.com ", firstName = "Clark", lastName = "Kent", password = "kent <3 lois", metadata = new { crmId = "c-42" } }));

        created.Expect(201);
        Assert.Equal("clark@example.com", created.Attribute("email"));
        Assert.Equal("Clark Kent", created.Attribute("fullName"));
        Assert.Equal("user", created.Attribute("role"));
        Assert.Equal("ACTIVE", created.Attribute("status"));
        Assert.Equal("c-42", (string?)created.Data!["attributes"]!["metadata"]!["crmId"]);
        Assert.DoesNotContain("kent <3 lois", created.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(created.Data!["attributes"]!.AsObject(), a => a.Key.Contains("password", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(["user.created"], await app.EventNamesAsync(account, "users"));
    }

    [Fact]
    public async Task Anonymous_sign_up_creates_a_user_role_user()
    {
        var account = await app.CreateAccountAsync();

        var created = await app.Anonymous.PostAsync(account.Path("users"), UserBody(new { email = "self@example.com", password = "america!" }));

        created.Expect(201);
        Assert.Equal("user", created.Attribute("role"));
    }

    [Fact]
    public async Task Anonymous_sign_up_cannot_choose_a_role()
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Anonymous.PostAsync(account.Path("users"), UserBody(new { email = "self@example.com", role = "admin" }));

        Assert.Equal("unpermitted parameter", (string?)response.ExpectError(400, pointer: "/data/attributes/role")["detail"]);
    }

    [Fact]
    public async Task Anonymous_sign_up_is_refused_on_a_protected_account()
    {
        var account = await app.CreateAccountAsync();
        await app.ProtectAsync(account);

        var response = await app.Anonymous.PostAsync(account.Path("users"), UserBody(new { email = "self@example.com", password = "america!" }));

        response.ExpectError(403);
    }

    [Fact]
    public async Task Emails_are_unique_per_account_regardless_of_case()
    {
        var account = await app.CreateAccountAsync();
        var (_, email) = await app.CreateUserAsync(account);

        var response = await app.Admin(account).PostAsync(account.Path("users"), UserBody(new { email = email.ToUpperInvariant() }));

        response.ExpectError(422, code: "EMAIL_TAKEN", pointer: "/data/attributes/email");
    }

    [Theory]
    [InlineData("foo.com", "secret-123", "EMAIL_INVALID", "/data/attributes/email")]
    [InlineData("a@example.com", "short", "PASSWORD_TOO_SHORT", "/data/attributes/password")]
    public async Task Invalid_attributes_are_unprocessable(string email, string password, string code, string pointer)
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Admin(account).PostAsync(account.Path("users"), UserBody(new { email, password }));

        response.ExpectError(422, code: code, pointer: pointer);
    }

    [Fact]
    public async Task A_user_is_found_by_email_in_any_case()
    {
        var account = await app.CreateAccountAsync();
        var (id, email) = await app.CreateUserAsync(account);

        var response = await app.Admin(account).GetAsync(account.Path($"users/{email.ToUpperInvariant()}"));

        Assert.Equal(id, (string?)response.Expect(200).Data!["id"]);
    }

    [Fact]
    public async Task The_list_holds_only_user_role_users_unless_roles_are_asked_for()
    {
        var account = await app.CreateAccountAsync();
        var (userId, _) = await app.CreateUserAsync(account);
        var (agentId, _) = await app.CreateUserAsync(account, "sales-agent");

        var plain = await app.Admin(account).GetAsync(account.Path("users"));
        var staff = await app.Admin(account).GetAsync(account.Path("users?roles[]=admin&roles[]=sales-agent"));

        Assert.Equal([userId], plain.Expect(200).Data!.AsArray().Select(u => (string?)u!["id"]));
        Assert.Equal([agentId, account.AdminId.ToString()], staff.Expect(200).Data!.AsArray().Select(u => (string?)u!["id"]));
    }

    [Fact]
    public async Task The_list_filters_by_metadata_and_status()
    {
        var account = await app.CreateAccountAsync();
        var tagged = await app.Admin(account).PostAsync(account.Path("users"), UserBody(new { email = "t@example.com", metadata = new { tier = 2, plan = "pro" } }));
        var (bannedId, _) = await app.CreateUserAsync(account);
        (await app.Admin(account).PostAsync(account.Path($"users/{bannedId}/actions/ban"))).Expect(200);

        var byNumber = await app.Admin(account).GetAsync(account.Path("users?metadata[tier]=2"));
        var byString = await app.Admin(account).GetAsync(account.Path("users?metadata[plan]=pro&metadata[tier]=2"));
        var none = await app.Admin(account).GetAsync(account.Path("users?metadata[plan]=free"));
        var banned = await app.Admin(account).GetAsync(account.Path("users?status=BANNED"));

        Assert.Equal([(string?)tagged.Data!["id"]], byNumber.Expect(200).Data!.AsArray().Select(u => (string?)u!["id"]));
        Assert.Single(byString.Expect(200).Data!.AsArray());
        Assert.Empty(none.Expect(200).Data!.AsArray());
        Assert.Equal([bannedId], banned.Expect(200).Data!.AsArray().Select(u => (string?)u!["id"]));
    }

    [Fact]
    public async Task An_invalid_role_is_a_bad_request()
    {
        var account = await app.CreateAccountAsync();
        var (id, _) = await app.CreateUserAsync(account);

        var response = await app.Admin(account).PatchAsync(account.Path($"users/{id}"), UserBody(new { role = "mod" }));

        Assert.Equal("is invalid", (string?)response.ExpectError(400, pointer: "/data/attributes/role")["detail"]);
    }

    [Fact]
    public async Task The_last_admin_can_be_neither_deleted_nor_demoted()
    {
        var account = await app.CreateAccountAsync();

        var deleted = await app.Admin(account).DeleteAsync(account.Path($"users/{account.AdminId}"));
        var demoted = await app.Admin(account).PatchAsync(account.Path($"users/{account.AdminId}"), UserBody(new { role = "user" }));

        deleted.ExpectError(422, code: "ACCOUNT_ADMINS_REQUIRED", pointer: "/data/relationships/account");
        demoted.ExpectError(422, code: "ACCOUNT_ADMINS_REQUIRED", pointer: "/data/relationships/account");
    }

    [Fact]
    public async Task An_admin_can_be_deleted_while_another_remains()
    {
        var account = await app.CreateAccountAsync();
        var (secondAdmin, _) = await app.CreateUserAsync(account, "admin");

        (await app.Admin(account).DeleteAsync(account.Path($"users/{secondAdmin}"))).Expect(204);

        Assert.Equal(["user.created", "user.deleted"], await app.EventNamesAsync(account, "users"));
    }

    [Fact]
    public async Task Changing_a_role_revokes_the_users_tokens()
    {
        var account = await app.CreateAccountAsync();
        var (id, _, token) = await app.CreateUserWithTokenAsync(account);

        var promoted = await app.Admin(account).PatchAsync(account.Path($"users/{id}"), UserBody(new { role = "support-agent" }));

        Assert.Equal("support-agent", promoted.Expect(200).Attribute("role"));
        (await app.Client(token).GetAsync(account.Path("me"))).ExpectError(401, code: "TOKEN_INVALID");
    }

    [Fact]
    public async Task A_user_updates_its_own_names_and_email_but_nothing_else()
    {
        var account = await app.CreateAccountAsync();
        var (id, _, token) = await app.CreateUserWithTokenAsync(account);

        var renamed = await app.Client(token).PatchAsync(account.Path($"users/{id}"), UserBody(new { firstName = "Bruce", email = "bruce@example.com" }));
        var metadata = await app.Client(token).PatchAsync(account.Path($"users/{id}"), UserBody(new { metadata = new { a = 1 } }));
        var password = await app.Client(token).PatchAsync(account.Path($"users/{id}"), UserBody(new { password = "new-password" }));

        Assert.Equal("bruce@example.com", renamed.Expect(200).Attribute("email"));
        metadata.ExpectError(400, pointer: "/data/attributes/metadata");
        password.ExpectError(400, pointer: "/data/attributes/password");
    }

    [Fact]
    public async Task A_banned_users_token_is_refused_with_USER_BANNED_until_unbanned()
    {
        var account = await app.CreateAccountAsync();
        var (id, _, token) = await app.CreateUserWithTokenAsync(account);

        var banned = await app.Admin(account).PostAsync(account.Path($"users/{id}/actions/ban"));
        var refused = await app.Client(token).GetAsync(account.Path("me"));
        var unbanned = await app.Admin(account).PostAsync(account.Path($"users/{id}/actions/unban"));

        Assert.Equal("BANNED", banned.Expect(200).Attribute("status"));
        refused.ExpectError(403, code: "USER_BANNED");
        Assert.Equal("ACTIVE", unbanned.Expect(200).Attribute("status"));
        (await app.Client(token).GetAsync(account.Path("me"))).Expect(200);
        Assert.Equal(["user.created", "user.banned", "user.unbanned"], await app.EventNamesAsync(account, "users"));
    }

    [Fact]
    public async Task Staff_cannot_be_banned()
    {
        var account = await app.CreateAccountAsync();
        var (id, _) = await app.CreateUserAsync(account, "support-agent");

        var response = await app.Admin(account).PostAsync(account.Path($"users/{id}/actions/ban"));

        response.ExpectError(403);
    }

    [Fact]
    public async Task An_admin_mints_a_two_week_token_for_a_user_with_200()
    {
        var account = await app.CreateAccountAsync();
        var (id, _) = await app.CreateUserAsync(account);

        var minted = await app.Admin(account).PostAsync(account.Path($"users/{id}/tokens"));
        var listed = await app.Admin(account).GetAsync(account.Path($"users/{id}/tokens"));

        Assert.Equal("user-token", minted.Expect(200).Attribute("kind"));
        var expiry = DateTime.Parse(minted.Attribute("expiry"), null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        Assert.InRange(expiry, DateTime.UtcNow.AddDays(14).AddMinutes(-10), DateTime.UtcNow.AddDays(14).AddMinutes(10));
        var tokenId = (string)minted.Data!["id"]!;
        Assert.Equal([tokenId], listed.Expect(200).Data!.AsArray().Select(t => (string?)t!["id"]));
        (await app.Admin(account).GetAsync(account.Path($"users/{id}/tokens/{tokenId}"))).Expect(200);
        (await app.Client(minted.Attribute("token")).GetAsync(account.Path("me"))).Expect(200);
    }

    [Fact]
    public async Task Deleting_a_user_removes_its_tokens()
    {
        var account = await app.CreateAccountAsync();
        var (id, _, token) = await app.CreateUserWithTokenAsync(account);

        (await app.Admin(account).DeleteAsync(account.Path($"users/{id}"))).Expect(204);

        (await app.Client(token).GetAsync(account.Path("me"))).ExpectError(401, code: "TOKEN_INVALID");
        Assert.Equal(0, await app.QueryAsync(db => db.Tokens.CountAsync(t => t.AccountId == account.Id && t.BearerId == Guid.Parse(id))));
    }
}
