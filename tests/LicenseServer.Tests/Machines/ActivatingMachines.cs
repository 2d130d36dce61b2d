using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Machines;

public sealed class ActivatingMachines(TestApp app)
{
    [Fact]
    public async Task Activation_answers_201_with_the_machine_and_records_machine_created()
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseOnAsync(account);

        var response = await app.Admin(account).ActivateAsync(account, license, "fp-1",
            new { fingerprint = "fp-1", name = "Office PC", platform = "Windows", cores = 8, metadata = new { serialNo = "SN-1" } });

        var machine = response.Expect(201).Data!;
        Assert.Equal("machines", (string?)machine["type"]);
        Assert.Equal("fp-1", (string?)machine["attributes"]!["fingerprint"]);
        Assert.Equal(8, (int?)machine["attributes"]!["cores"]);
        Assert.Equal("SN-1", (string?)machine["attributes"]!["metadata"]!["serialNo"]);
        Assert.Equal("NOT_STARTED", (string?)machine["attributes"]!["heartbeatStatus"]);
        Assert.Equal(600, (int?)machine["attributes"]!["heartbeatDuration"]);
        Assert.Equal(license, (string?)machine["relationships"]!["license"]!["data"]!["id"]);
        Assert.EndsWith($"/machines/{machine["id"]}", response.Header("Location"));
        var id = Guid.Parse((string)machine["id"]!);
        Assert.True(await app.QueryAsync(db => db.Events.AnyAsync(e => e.ResourceId == id && e.Name == "machine.created")));
    }

    [Fact]
    public async Task A_license_key_is_accepted_as_the_license_relationship_and_counts_show_on_the_license()
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseOnAsync(account, new() { ["floating"] = true, ["maxMachines"] = 5 });
        var key = (await app.Admin(account).GetAsync(account.Path($"licenses/{license}"))).Attribute("key");

        (await app.Admin(account).ActivateAsync(account, key, "by-key", new { fingerprint = "by-key", cores = 4 })).Expect(201);
        await app.CreateMachineAsync(account, license);

        var shown = (await app.Admin(account).GetAsync(account.Path($"licenses/{license}"))).Expect(200).Data!;
        Assert.Equal(2, (int?)shown["relationships"]!["machines"]!["meta"]!["count"]);
        Assert.Equal(4, (int?)shown["relationships"]!["machines"]!["meta"]!["cores"]);
    }

    [Fact]
    public async Task A_machine_is_found_by_id_or_fingerprint_and_deactivated_with_204()
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseOnAsync(account);
        var id = await app.CreateMachineAsync(account, license, "aa:bb:cc");

        Assert.Equal(id, (string?)(await app.Admin(account).GetAsync(account.Path("machines/aa:bb:cc"))).Expect(200).Data!["id"]);
        (await app.Admin(account).DeleteAsync(account.Path("machines/aa:bb:cc"))).Expect(204);
        (await app.Admin(account).GetAsync(account.Path($"machines/{id}"))).ExpectError(404, code: "NOT_FOUND");
        var machineId = Guid.Parse(id);
        Assert.True(await app.QueryAsync(db => db.Events.AnyAsync(e => e.ResourceId == machineId && e.Name == "machine.deleted")));
    }

    [Theory]
    [InlineData("not-a-uuid", "ID_INVALID")]
    [InlineData("existing", "ID_CONFLICT")]
    public async Task A_client_supplied_id_must_be_a_free_uuid(string id, string code)
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseOnAsync(account, new() { ["floating"] = true, ["maxMachines"] = 5 });
        if (id == "existing")
        {
            id = await app.CreateMachineAsync(account, license);
        }

        var body = new
        {
            data = new
            {
                type = "machines",
                id,
                attributes = new { fingerprint = "with-id" },
                relationships = new { license = new { data = new { type = "licenses", id = license } } },
            },
        };
        (await app.Admin(account).PostAsync(account.Path("machines"), body)).ExpectError(422, code: code, pointer: "/data/id");
    }

    [Theory]
    [InlineData("", 400, null)]
    [InlineData("actions", 422, "FINGERPRINT_NOT_ALLOWED")]
    public async Task Bad_fingerprints_are_refused(string fingerprint, int status, string? code)
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseOnAsync(account);

        (await app.Admin(account).ActivateAsync(account, license, fingerprint)).ExpectError(status, code: code, pointer: "/data/attributes/fingerprint");
    }

    [Fact]
    public async Task A_fingerprint_equal_to_another_machines_id_conflicts()
    {
        var account = await app.CreateAccountAsync();
        var other = await app.CreateMachineAsync(account, await app.CreateLicenseOnAsync(account));
        var license = await app.CreateLicenseOnAsync(account);

        (await app.Admin(account).ActivateAsync(account, license, other)).ExpectError(422, code: "FINGERPRINT_CONFLICT", pointer: "/data/attributes/fingerprint");
    }

    [Fact]
    public async Task An_unknown_license_is_LICENSE_NOT_FOUND()
    {
        var account = await app.CreateAccountAsync();

        (await app.Admin(account).ActivateAsync(account, Guid.NewGuid().ToString(), "fp"))
            .ExpectError(422, code: "LICENSE_NOT_FOUND", pointer: "/data/relationships/license");
    }

    /// <summary>behaviour.md §4.2: a second license under the given strategy, on the same policy, product or another product.</summary>
    [Theory]
    [InlineData("UNIQUE_PER_LICENSE", "same-policy", null)]
    [InlineData("UNIQUE_PER_POLICY", "same-policy", "has already been taken for this policy")]
    [InlineData("UNIQUE_PER_POLICY", "same-product", null)]
    [InlineData("UNIQUE_PER_PRODUCT", "same-product", "has already been taken for this product")]
    [InlineData("UNIQUE_PER_PRODUCT", "other-product", null)]
    [InlineData("UNIQUE_PER_ACCOUNT", "other-product", "has already been taken for this account")]
    public async Task Fingerprint_uniqueness_follows_the_policy_strategy(string strategy, string where, string? detail)
    {
        var account = await app.CreateAccountAsync();
        var product = await app.CreateProductAsync(account);
        var attributes = new Dictionary<string, object?> { ["name"] = "P", ["machineUniquenessStrategy"] = strategy };
        var policy = await app.CreatePolicyAsync(account, attributes, product);
        var first = (string)(await app.CreateLicenseAsync(account, policy)).Data!["id"]!;
        await app.CreateMachineAsync(account, first, "shared");
        var secondPolicy = where switch
        {
            "same-policy" => policy,
            "same-product" => await app.CreatePolicyAsync(account, attributes, product),
            _ => await app.CreatePolicyAsync(account, attributes),
        };
        var second = (string)(await app.CreateLicenseAsync(account, secondPolicy)).Data!["id"]!;

        var response = await app.Admin(account).ActivateAsync(account, second, "shared");

        if (detail is null)
        {
            response.Expect(201);
        }
        else
        {
            var error = response.ExpectError(422, code: "FINGERPRINT_TAKEN", pointer: "/data/attributes/fingerprint");
            Assert.Equal(detail, (string?)error["detail"]);
        }
    }

    [Fact]
    public async Task A_fingerprint_is_always_unique_per_license()
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseOnAsync(account, new() { ["floating"] = true, ["maxMachines"] = 5 });
        await app.CreateMachineAsync(account, license, "twice");

        var error = (await app.Admin(account).ActivateAsync(account, license, "twice")).ExpectError(422, code: "FINGERPRINT_TAKEN");
        Assert.Equal("has already been taken", (string?)error["detail"]);
    }

    /// <summary>behaviour.md §4.3: existing machines, then whether one more is accepted under the overage strategy.</summary>
    [Theory]
    [InlineData(false, null, "NO_OVERAGE", 1, false)]
    [InlineData(false, null, "ALLOW_2X_OVERAGE", 1, true)]
    [InlineData(false, null, "ALLOW_2X_OVERAGE", 2, false)]
    [InlineData(false, null, "ALWAYS_ALLOW_OVERAGE", 3, true)]
    [InlineData(true, 2, "NO_OVERAGE", 1, true)]
    [InlineData(true, 2, "NO_OVERAGE", 2, false)]
    [InlineData(true, 4, "ALLOW_1_25X_OVERAGE", 4, true)]
    [InlineData(true, 4, "ALLOW_1_25X_OVERAGE", 5, false)]
    [InlineData(true, 2, "ALLOW_1_5X_OVERAGE", 2, true)]
    [InlineData(true, 2, "ALLOW_1_5X_OVERAGE", 3, false)]
    public async Task The_machine_limit_holds_per_overage_strategy(bool floating, int? max, string overage, int existing, bool accepted)
    {
        var account = await app.CreateAccountAsync();
        var policy = new Dictionary<string, object?> { ["floating"] = floating, ["strict"] = true, ["overageStrategy"] = overage };
        if (max is not null)
        {
            policy["maxMachines"] = max;
        }

        var license = await app.CreateLicenseOnAsync(account, policy);
        for (var i = 0; i < existing; i++)
        {
            await ArrangeMachineAsync(account, license);
        }

        var response = await app.Admin(account).ActivateAsync(account, license, "one-more");

        if (accepted)
        {
            response.Expect(201);
        }
        else
        {
            var error = response.ExpectError(422, code: "MACHINE_LIMIT_EXCEEDED", pointer: "/data");
            Assert.Equal($"machine count has exceeded maximum allowed for license ({max ?? 1})", (string?)error["detail"]);
        }
    }

    [Fact]
    public async Task The_license_override_of_maxMachines_wins_and_the_first_machine_is_always_accepted()
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseOnAsync(account, new() { ["floating"] = true, ["maxMachines"] = 1 }, new { maxMachines = 2 });

        await app.CreateMachineAsync(account, license);
        await app.CreateMachineAsync(account, license);
        (await app.Admin(account).ActivateAsync(account, license, "third")).ExpectError(422, code: "MACHINE_LIMIT_EXCEEDED");

        // A limit of 0 cannot be set through the API; arranged directly, it still admits the first machine.
        var zero = await app.CreateLicenseOnAsync(account, new() { ["floating"] = true, ["maxMachines"] = 1 });
        var zeroId = Guid.Parse(zero);
        await app.QueryAsync(db => db.Licenses.Where(l => l.Id == zeroId).ExecuteUpdateAsync(s => s.SetProperty(l => l.MaxMachines, 0)));
        (await app.Admin(account).ActivateAsync(account, zero, "first")).Expect(201);
        (await app.Admin(account).ActivateAsync(account, zero, "second")).ExpectError(422, code: "MACHINE_LIMIT_EXCEEDED");
    }

    [Theory]
    [InlineData("maxCores", "cores", "MACHINE_CORE_LIMIT_EXCEEDED", "machine core count has exceeded maximum allowed for license (8)")]
    [InlineData("maxMemory", "memory", "MACHINE_MEMORY_LIMIT_EXCEEDED", "machine memory has exceeded maximum allowed for license (8)")]
    [InlineData("maxDisk", "disk", "MACHINE_DISK_LIMIT_EXCEEDED", "machine disk has exceeded maximum allowed for license (8)")]
    public async Task Summed_cores_memory_and_disk_are_limited_on_create_and_update(string limit, string attribute, string code, string detail)
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseOnAsync(account, new() { ["floating"] = true, ["maxMachines"] = 5, [limit] = 8 });
        (await app.Admin(account).ActivateAsync(account, license, "a", new Dictionary<string, object> { ["fingerprint"] = "a", [attribute] = 6 })).Expect(201);

        var error = (await app.Admin(account).ActivateAsync(account, license, "b", new Dictionary<string, object> { ["fingerprint"] = "b", [attribute] = 3 }))
            .ExpectError(422, code: code, pointer: "/data");
        Assert.Equal(detail, (string?)error["detail"]);

        var small = (string)(await app.Admin(account).ActivateAsync(account, license, "c", new Dictionary<string, object> { ["fingerprint"] = "c", [attribute] = 2 }))
            .Expect(201).Data!["id"]!;
        var update = new { data = new { type = "machines", attributes = new Dictionary<string, object> { [attribute] = 3 } } };
        (await app.Admin(account).PatchAsync(account.Path($"machines/{small}"), update)).ExpectError(422, code: code);
    }

    [Fact]
    public async Task Per_user_leasing_counts_the_owners_machines_and_says_for_user()
    {
        var account = await app.CreateAccountAsync();
        var (user, _) = await app.CreateUserAsync(account);
        var policy = await app.CreatePolicyAsync(account, new Dictionary<string, object?>
        {
            ["name"] = "P",
            ["floating"] = true,
            ["maxMachines"] = 1,
            ["machineLeasingStrategy"] = "PER_USER",
        });
        var license = (string)(await app.CreateLicenseAsync(account, policy, ownerId: user)).Data!["id"]!;
        await app.CreateMachineAsync(account, license, "unowned");

        object Owned(string fingerprint) => new
        {
            data = new
            {
                type = "machines",
                attributes = new { fingerprint },
                relationships = new
                {
                    license = new { data = new { type = "licenses", id = license } },
                    owner = new { data = new { type = "users", id = user } },
                },
            },
        };
        (await app.Admin(account).PostAsync(account.Path("machines"), Owned("owned-1"))).Expect(201);
        var error = (await app.Admin(account).PostAsync(account.Path("machines"), Owned("owned-2"))).ExpectError(422, code: "MACHINE_LIMIT_EXCEEDED");
        Assert.Equal("machine count has exceeded maximum allowed for user (1)", (string?)error["detail"]);
    }

    [Fact]
    public async Task An_owner_must_be_a_license_user()
    {
        var account = await app.CreateAccountAsync();
        var (stranger, _) = await app.CreateUserAsync(account);
        var license = await app.CreateLicenseOnAsync(account);
        var body = new
        {
            data = new
            {
                type = "machines",
                attributes = new { fingerprint = "fp" },
                relationships = new
                {
                    license = new { data = new { type = "licenses", id = license } },
                    owner = new { data = new { type = "users", id = stranger } },
                },
            },
        };

        var error = (await app.Admin(account).PostAsync(account.Path("machines"), body)).ExpectError(422, code: "OWNER_INVALID", pointer: "/data/relationships/owner");
        Assert.Equal("must be a valid license user", (string?)error["detail"]);
    }

    /// <summary>Machines inserted directly, to arrange over-limit states the API would refuse.</summary>
    private Task ArrangeMachineAsync(TestAccount account, string license) =>
        app.QueryAsync(async db =>
        {
            db.Machines.Add(new Core.Machines.Machine { AccountId = account.Id, LicenseId = Guid.Parse(license), Fingerprint = Guid.NewGuid().ToString("N") });
            return await db.SaveChangesAsync();
        });
}
