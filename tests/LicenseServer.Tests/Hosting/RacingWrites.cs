using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;
using LicenseServer.Tests.Machines;

namespace LicenseServer.Tests.Hosting;

/// <summary>
/// Requests racing for one unique value, or to delete one row, get what the later of two sequential requests gets
/// (a 422 <c>_TAKEN</c>, a 404), never a 500: the database decides the race and its answer is read back as the
/// check the code made first (resources.md §1.8).
/// </summary>
public sealed class RacingWrites(TestApp app)
{
    private const int Racers = 20;

    /// <summary>One race: what each racer sends, what the winner gets, and the error every other racer gets.</summary>
    private sealed record Race(Func<ApiClient, int, Task<ApiResponse>> Send, int Won, string Code, string Pointer);

    public static TheoryData<string> UniqueValues =>
    [
        "user email", "license key", "license id", "pooled key", "product code in any case", "entitlement code in any case",
        "group owner", "license entitlement", "policy entitlement", "component fingerprint", "process pid", "process id",
    ];

    private static object Resource(string type, object attributes, object? relationships = null, string? id = null)
    {
        var data = new Dictionary<string, object> { ["type"] = type, ["attributes"] = attributes };
        if (relationships is not null)
        {
            data["relationships"] = relationships;
        }

        if (id is not null)
        {
            data["id"] = id;
        }

        return new { data };
    }

    private static object Linkage(string type, string id) => new { data = new { type, id } };

    private static object List(string type, string id) => new { data = new[] { new { type, id } } };

    /// <summary>The i-th spelling of a code, differing from the others only in case.</summary>
    private static string InCase(string code, int i) =>
        string.Concat(code.Select((c, at) => (i >> at & 1) == 1 ? char.ToUpperInvariant(c) : c));

    private async Task<Race> ArrangeAsync(string race, TestAccount account)
    {
        var admin = app.Admin(account);
        switch (race)
        {
            case "user email":
                return new((c, i) => c.PostAsync(account.Path("users"), Resource("users", new { email = InCase("same@example.com", i) })),
                    201, "EMAIL_TAKEN", "/data/attributes/email");
            case "license key":
                {
                    var policy = await app.CreatePolicyAsync(account);
                    return new((c, _) => c.PostAsync(account.Path("licenses"), Resource("licenses", new { key = "ONE-KEY-FOR-ALL" }, new { policy = Linkage("policies", policy) })),
                        201, "KEY_TAKEN", "/data/attributes/key");
                }

            case "license id":
                {
                    var policy = await app.CreatePolicyAsync(account);
                    var id = Guid.NewGuid().ToString();
                    return new((c, _) => c.PostAsync(account.Path("licenses"), Resource("licenses", new { }, new { policy = Linkage("policies", policy) }, id)),
                        201, "ID_CONFLICT", "/data/id");
                }

            case "pooled key":
                {
                    var policy = await app.CreatePolicyAsync(account, new { name = "Pooled", usePool = true });
                    return new((c, _) => c.PostAsync(account.Path("keys"), Resource("keys", new { key = "ONE-POOLED-KEY" }, new { policy = Linkage("policies", policy) })),
                        201, "KEY_TAKEN", "/data/attributes/key");
                }

            case "product code in any case":
                return new((c, i) => c.PostAsync(account.Path("products"), Resource("products", new { name = "App", code = InCase("studio", i) })),
                    201, "CODE_TAKEN", "/data/attributes/code");
            case "entitlement code in any case":
                return new((c, i) => c.PostAsync(account.Path("entitlements"), Resource("entitlements", new { name = "Feature", code = InCase("export", i) })),
                    201, "CODE_TAKEN", "/data/attributes/code");
            case "group owner":
                {
                    var group = (string)(await admin.PostAsync(account.Path("groups"), Resource("groups", new { name = "Team" }))).Expect(201).Data!["id"]!;
                    var (user, _) = await app.CreateUserAsync(account);
                    return new((c, _) => c.PostAsync(account.Path($"groups/{group}/owners"), List("users", user)),
                        200, "USER_TAKEN", "/data/relationships/user");
                }

            case "license entitlement":
                {
                    var entitlement = await EntitlementAsync(account);
                    var license = await app.CreateLicenseOnAsync(account);
                    return new((c, _) => c.PostAsync(account.Path($"licenses/{license}/entitlements"), List("entitlements", entitlement)),
                        200, "ENTITLEMENT_TAKEN", "/data/relationships/entitlement");
                }

            case "policy entitlement":
                {
                    var entitlement = await EntitlementAsync(account);
                    var policy = await app.CreatePolicyAsync(account);
                    return new((c, _) => c.PostAsync(account.Path($"policies/{policy}/entitlements"), List("entitlements", entitlement)),
                        200, "ENTITLEMENT_TAKEN", "/data/relationships/entitlement");
                }

            case "component fingerprint":
                {
                    var machine = await app.CreateMachineAsync(account, await app.CreateLicenseOnAsync(account));
                    return new((c, _) => c.PostAsync(account.Path("components"), Resource("components", new { fingerprint = "MB-1", name = "Board" }, new { machine = Linkage("machines", machine) })),
                        201, "FINGERPRINT_TAKEN", "/data/attributes/fingerprint");
                }

            case "process pid":
                {
                    var machine = await app.CreateMachineAsync(account, await app.CreateLicenseOnAsync(account));
                    return new((c, _) => c.PostAsync(account.Path("processes"), Resource("processes", new { pid = "4242" }, new { machine = Linkage("machines", machine) })),
                        201, "PID_TAKEN", "/data/attributes/pid");
                }

            case "process id":
                {
                    var machine = await app.CreateMachineAsync(account, await app.CreateLicenseOnAsync(account));
                    var id = Guid.NewGuid().ToString();
                    return new((c, i) => c.PostAsync(account.Path("processes"), Resource("processes", new { pid = $"pid-{i}" }, new { machine = Linkage("machines", machine) }, id)),
                        201, "ID_CONFLICT", "/data/id");
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(race), race, null);
        }
    }

    private async Task<string> EntitlementAsync(TestAccount account)
    {
        var created = await app.Admin(account).PostAsync(account.Path("entitlements"), Resource("entitlements", new { name = "Feature", code = $"f-{Guid.NewGuid():N}" }));
        return (string)created.Expect(201).Data!["id"]!;
    }

    [Theory]
    [MemberData(nameof(UniqueValues))]
    public async Task Parallel_writes_of_one_unique_value_leave_one_winner_and_the_sequential_error_for_the_rest(string value)
    {
        var account = await app.CreateAccountAsync();
        var race = await ArrangeAsync(value, account);
        var admin = app.Admin(account);

        var responses = await Task.WhenAll(Enumerable.Range(0, Racers).Select(i => Task.Run(() => race.Send(admin, i))));

        Assert.Single(responses, r => r.Status == race.Won);
        Assert.All(responses.Where(r => r.Status != race.Won), r => r.ExpectError(422, code: race.Code, pointer: race.Pointer));
    }

    [Fact]
    public async Task Accounts_renamed_to_one_slug_at_once_leave_one_with_it()
    {
        var accounts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.CreateAccountAsync()));
        var slug = "s-" + Guid.NewGuid().ToString("N")[..16];

        var responses = await Task.WhenAll(accounts.Select(account =>
            Task.Run(() => app.Admin(account).PatchAsync(account.Path(), Resource("accounts", new { slug })))));

        Assert.Single(responses, r => r.Status == 200);
        Assert.All(responses.Where(r => r.Status != 200), r => r.ExpectError(422, code: "SLUG_TAKEN", pointer: "/data/attributes/slug"));
    }

    public static TheoryData<string> Deletable => ["licenses", "products", "entitlements", "users", "groups"];

    [Theory]
    [MemberData(nameof(Deletable))]
    public async Task Parallel_deletes_of_one_resource_answer_204_once_and_404_otherwise(string type)
    {
        var account = await app.CreateAccountAsync();
        var id = type switch
        {
            "licenses" => await app.CreateLicenseOnAsync(account),
            "products" => await app.CreateProductAsync(account),
            "entitlements" => await EntitlementAsync(account),
            "users" => (await app.CreateUserAsync(account)).Id,
            _ => (string)(await app.Admin(account).PostAsync(account.Path("groups"), Resource("groups", new { name = "Team" }))).Expect(201).Data!["id"]!,
        };
        var admin = app.Admin(account);

        var responses = await Task.WhenAll(Enumerable.Range(0, Racers).Select(_ => Task.Run(() => admin.DeleteAsync(account.Path($"{type}/{id}")))));

        Assert.Single(responses, r => r.Status == 204);
        Assert.All(responses.Where(r => r.Status != 204), r => r.ExpectError(404, code: "NOT_FOUND"));
    }
}
