using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Keys;

public sealed class PoppingThePool(TestApp app)
{
    private static object KeyBody(string policy, string key) =>
        new { data = new { type = "keys", attributes = new { key }, relationships = new { policy = new { data = new { type = "policies", id = policy } } } } };

    private async Task<(TestAccount Account, string Policy, List<string> Keys)> PoolAsync(int size)
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account, new { name = "Pooled", usePool = true });
        var keys = new List<string>();
        for (var i = 0; i < size; i++)
        {
            var key = $"POOLED-{i:D3}-{Guid.NewGuid():N}";
            (await app.Admin(account).PostAsync(account.Path("keys"), KeyBody(policy, key))).Expect(201);
            keys.Add(key);
        }

        return (account, policy, keys);
    }

    [Theory]
    [InlineData(8, 5)]
    [InlineData(4, 6)]
    public async Task Parallel_license_creates_get_distinct_pooled_keys(int requests, int poolSize)
    {
        var (account, policy, keys) = await PoolAsync(poolSize);

        var responses = await Task.WhenAll(Enumerable.Range(0, requests)
            .Select(_ => app.Admin(account).PostAsync(account.Path("licenses"), LicensingSetup.LicenseBody(policy))));

        var created = responses.Where(r => r.Status == 201).Select(r => r.Attribute("key")).ToList();
        Assert.Equal(Math.Min(requests, poolSize), created.Count);
        Assert.Equal(created.Count, created.Distinct().Count());
        Assert.All(created, key => Assert.Contains(key, keys));
        Assert.All(responses.Where(r => r.Status != 201), r => r.ExpectError(422, code: "POLICY_POOL_EMPTY", pointer: "/data/relationships/policy"));
        var left = await app.QueryAsync(db => db.Keys.CountAsync(k => k.AccountId == account.Id));
        Assert.Equal(Math.Max(0, poolSize - requests), left);
    }

    [Fact]
    public async Task Parallel_pops_return_distinct_keys_until_the_pool_is_empty()
    {
        var (account, policy, _) = await PoolAsync(3);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => app.Admin(account).DeleteAsync(account.Path($"policies/{policy}/pool"))));

        var popped = responses.Where(r => r.Status == 200).Select(r => (string)r.Data!["id"]!).ToList();
        Assert.Equal(3, popped.Distinct().Count());
        Assert.Equal(3, popped.Count);
        Assert.All(responses.Where(r => r.Status != 200), r => Assert.Equal("pool is empty", (string?)r.ExpectError(422, pointer: "/data/relationships/pool")["detail"]));
    }

    [Fact]
    public async Task The_newest_key_is_popped_first()
    {
        var (account, policy, keys) = await PoolAsync(3);

        var popped = await app.Admin(account).DeleteAsync(account.Path($"policies/{policy}/pool"));

        Assert.Equal(keys[^1], popped.Expect(200).Attribute("key"));
        var events = await app.QueryAsync(db => db.Events.CountAsync(e => e.AccountId == account.Id && e.Name == "policy.pool.popped"));
        Assert.Equal(1, events);
    }

    [Fact]
    public async Task Keys_must_not_collide_with_licenses_or_each_other()
    {
        var account = await app.CreateAccountAsync();
        var pooled = await app.CreatePolicyAsync(account, new { name = "Pooled", usePool = true });
        var plain = await app.CreatePolicyAsync(account);
        var license = await app.CreateLicenseAsync(account, plain, new { key = "EXISTING-LICENSE-KEY" });
        (await app.Admin(account).PostAsync(account.Path("keys"), KeyBody(pooled, "TAKEN-POOL-KEY"))).Expect(201);

        (await app.Admin(account).PostAsync(account.Path("keys"), KeyBody(pooled, "TAKEN-POOL-KEY"))).ExpectError(422, code: "KEY_TAKEN", pointer: "/data/attributes/key");
        (await app.Admin(account).PostAsync(account.Path("keys"), KeyBody(pooled, "EXISTING-LICENSE-KEY"))).ExpectError(422, code: "KEY_CONFLICT", pointer: "/data/attributes/key");
        (await app.Admin(account).PostAsync(account.Path("keys"), KeyBody(pooled, (string)license.Data!["id"]!))).ExpectError(422, code: "KEY_CONFLICT", pointer: "/data/attributes/key");
        (await app.Admin(account).PostAsync(account.Path("keys"), KeyBody(plain, "SOME-OTHER-KEY"))).ExpectError(422, code: "POLICY_NOT_SUPPORTED", pointer: "/data/relationships/policy");
    }
}
