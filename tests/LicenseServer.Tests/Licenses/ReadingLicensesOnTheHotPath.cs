using System.Text.Json.Nodes;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Tokens;
using LicenseServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace LicenseServer.Tests.Licenses;

/// <summary>
/// Validation and authentication read licenses and tokens with raw prepared statements (<see cref="LicenseReader"/>,
/// <see cref="TokenReader"/>) and cache policies by row version: they read what EF Core reads, and nothing a node
/// remembers outlives a change committed by another node.
/// </summary>
public sealed class ReadingLicensesOnTheHotPath(TestApp app)
{
    [Fact]
    public async Task The_license_reader_reads_every_mapped_column_of_the_license_its_owner_and_policy_as_EF_Core_does()
    {
        var account = await app.CreateAccountAsync();
        var (ownerId, _) = await app.CreateUserAsync(account);
        var policy = await app.CreatePolicyAsync(account, new
        {
            name = "Full",
            duration = 86_400,
            maxMachines = 3,
            floating = true,
            requireCheckIn = true,
            checkInInterval = "week",
            checkInIntervalCount = 2,
            metadata = new { tier = "gold" },
        });
        var created = await app.CreateLicenseAsync(account, policy, new
        {
            name = "Everything set",
            maxCores = 8,
            maxMemory = 1L << 33,
            maxUses = 9,
            metadata = new { seat = 4 },
        }, ownerId);
        var id = Guid.Parse((string)created.Data!["id"]!);
        await app.Admin(account).PostAsync(account.Path("machines"), new
        {
            data = new
            {
                type = "machines",
                attributes = new { fingerprint = "fp-1", cores = 4, memory = 1024, disk = 2048 },
                relationships = new { license = new { data = new { type = "licenses", id = id.ToString() } } },
            },
        });

        var reader = app.GetService<LicenseReader>();
        var raw = await app.QueryAsync(db => reader.FindByKeyAsync(db, account.Id, created.Attribute("key"), CancellationToken.None));
        var byId = await app.QueryAsync(db => reader.FindByIdAsync(db, account.Id, id, CancellationToken.None));
        var loaded = await app.QueryAsync(db => LicenseQueries.FirstWithDetailsAsync(db, db.Licenses.AsNoTracking().Where(l => l.Id == id), CancellationToken.None));

        Assert.NotNull(raw);
        Assert.NotNull(byId);
        Assert.NotNull(loaded);
        var model = await app.QueryAsync(db => Task.FromResult(db.Model));
        AssertSameColumns(model, loaded, raw);
        AssertSameColumns(model, loaded, byId);
        AssertSameColumns(model, loaded.Policy!, raw.Policy!);
        AssertSameColumns(model, loaded.Owner!, raw.Owner!);
        Assert.Equal(loaded.AttachedUsers, raw.AttachedUsers);
        Assert.Equal(new MachineTotals(1, 4, 1024, 2048), raw.Machines);
        Assert.Equal(loaded.Machines, raw.Machines);
    }

    [Fact]
    public async Task The_token_reader_reads_every_mapped_column_of_the_token_and_its_bearer()
    {
        var account = await app.CreateAccountAsync();
        var product = await app.CreateProductAsync(account);
        await app.ProductTokenAsync(account, product);
        var model = await app.QueryAsync(db => Task.FromResult(db.Model));
        var tokens = await app.QueryAsync(db => db.Tokens.AsNoTracking().Where(t => t.AccountId == account.Id).ToListAsync());
        Assert.Equal(2, tokens.Count);

        foreach (var token in tokens)
        {
            var read = await app.QueryAsync(db => app.GetService<TokenReader>().FindAsync(db, account.Id, token.Digest, CancellationToken.None));
            Assert.NotNull(read);
            AssertSameColumns(model, token, read.Token);
            if (token.BearerType == "users")
            {
                var user = await app.QueryAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == token.BearerId));
                AssertSameColumns(model, user, read.User!);
                Assert.Null(read.Product);
            }
            else
            {
                var owner = await app.QueryAsync(db => db.Products.AsNoTracking().SingleAsync(p => p.Id == token.BearerId));
                AssertSameColumns(model, owner, read.Product!);
                Assert.Null(read.User);
            }
        }

        Assert.Null(await app.QueryAsync(db => app.GetService<TokenReader>().FindAsync(db, account.Id, "no-such-digest", CancellationToken.None)));
    }

    [Fact]
    public async Task A_policy_changed_through_one_node_is_honoured_by_the_other_at_once()
    {
        await using var other = await app.StartSecondNodeAsync();
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account);
        var key = (await app.CreateLicenseAsync(account, policy)).Attribute("key");
        var validate = () => app.Anonymous.PostAsync(account.Path("licenses/actions/validate-key"), new { meta = new { key } });
        Assert.Equal("VALID", (string?)(await validate()).Expect(200).Meta!["code"]);

        (await other.Admin(account).PatchAsync(account.Path($"policies/{policy}"),
            new { data = new { type = "policies", attributes = new { requireFingerprintScope = true } } })).Expect(200);

        Assert.Equal("FINGERPRINT_SCOPE_REQUIRED", (string?)(await validate()).Expect(200).Meta!["code"]);
    }

    [Fact]
    public async Task A_license_suspended_and_a_token_revoked_through_one_node_are_refused_by_the_other_at_once()
    {
        await using var other = await app.StartSecondNodeAsync();
        var account = await app.CreateAccountAsync();
        var created = await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account));
        var id = (string)created.Data!["id"]!;
        var issued = (await app.Admin(account).PostAsync(account.Path($"licenses/{id}/tokens"))).Expect(200);
        var asLicense = app.Client(issued.Attribute("token"));
        Assert.Equal("VALID", (string?)(await asLicense.GetAsync(account.Path($"licenses/{id}/actions/validate"))).Expect(200).Meta!["code"]);

        (await other.Admin(account).PostAsync(account.Path($"licenses/{id}/actions/suspend"))).Expect(200);
        Assert.Equal("SUSPENDED", (string?)(await asLicense.GetAsync(account.Path($"licenses/{id}/actions/validate"))).Expect(200).Meta!["code"]);

        (await other.Admin(account).DeleteAsync(account.Path($"tokens/{(string)issued.Data!["id"]!}"))).Expect(204);
        (await asLicense.GetAsync(account.Path($"licenses/{id}/actions/validate"))).ExpectError(401, code: "TOKEN_INVALID");
    }

    private static void AssertSameColumns<T>(IModel model, T expected, T actual)
        where T : class
    {
        var properties = model.FindEntityType(typeof(T))!.GetProperties().Where(p => p.PropertyInfo is not null).ToList();
        Assert.NotEmpty(properties);
        foreach (var property in properties)
        {
            var want = property.PropertyInfo!.GetValue(expected);
            var got = property.PropertyInfo.GetValue(actual);
            if (want is string a && got is string b && a.StartsWith('{'))
            {
                Assert.True(JsonNode.DeepEquals(JsonNode.Parse(a), JsonNode.Parse(b)), $"{typeof(T).Name}.{property.Name}: {a} != {b}");
                continue;
            }

            Assert.True(Equals(want, got), $"{typeof(T).Name}.{property.Name}: {want} != {got}");
        }
    }
}
