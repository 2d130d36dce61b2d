using LicenseServer.Tests.Infrastructure;

namespace LicenseServer.Tests.Operations;

/// <summary>
/// README "Scale out", for real: two server processes, each on a primary (ConnectionStrings__Default) and on a streaming
/// standby made from it with pg_basebackup -R (ConnectionStrings__Replica). Requests that only read go to the standby;
/// a client reads its own writes; what one node creates the other finds at once; and while the primary is stopped,
/// validations and reads keep answering while changes answer 503.
/// </summary>
public sealed class ScalingOutOnAStandby
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task While_the_primary_is_stopped_validations_and_reads_keep_answering_from_the_standby_and_changes_answer_503()
    {
        await using var servers = await ReplicatedServers.StartAsync(nodes: 2);
        var account = await servers.CreateAccountAsync();
        var (licenseId, key) = await Traffic.CreateLicenseAsync(servers.Admin(0, account), account);
        await servers.Standby.WaitForReplayAsync(servers.Primary);

        // Node 1 has changed nothing in the account: its validations are answered by the standby.
        var standbyCommits = await ReplicatedServers.CommitsAsync(servers.Standby);
        for (var i = 0; i < 20; i++)
        {
            AssertValid(await ValidateKeyAsync(servers.Anonymous(1), account, key));
        }

        Assert.True(await Poll.UntilAsync(async () => await ReplicatedServers.CommitsAsync(servers.Standby) >= standbyCommits + 20, Patience),
            "the standby did not answer node 1's validations");

        await servers.Primary.StopAsync();
        for (var node = 0; node < 2; node++)
        {
            AssertValid(await ValidateKeyAsync(servers.Anonymous(node), account, key));
            AssertValid(await servers.Admin(node, account).PostAsync(account.Path($"licenses/{licenseId}/actions/validate")));
            var shown = (await servers.Admin(node, account).GetAsync(account.Path($"licenses/{licenseId}"))).Expect(200);
            Assert.Equal(licenseId, (string?)shown.Data!["id"]);
            (await servers.Anonymous(node).GetAsync("/v1/health/ready")).Expect(204);
            var change = await servers.Admin(node, account).PostAsync(account.Path("products"),
                new { data = new { type = "products", attributes = new { name = "During the outage" } } });
            change.ExpectError(503, code: "SERVICE_UNAVAILABLE");
        }

        await servers.Primary.StartAsync();
        Assert.True(await Poll.UntilAsync(async () =>
            (await servers.Admin(0, account).PostAsync(account.Path("products"),
                new { data = new { type = "products", attributes = new { name = "After the outage" } } })).Status == 201, Patience),
            "changes were not accepted again after the primary came back:\n" + servers.Tails());

        // The validations answered while the primary was down are recorded once it is back (20 before, 4 during).
        Assert.True(await Poll.UntilAsync(async () => await ValidationEventsAsync(servers, licenseId) >= 24, Patience),
            $"{await ValidationEventsAsync(servers, licenseId)} validation events recorded:\n" + servers.Tails());
    }

    [Fact]
    public async Task A_client_reads_its_own_writes_and_what_one_node_creates_the_other_finds_at_once()
    {
        await using var servers = await ReplicatedServers.StartAsync(nodes: 2);
        var account = await servers.CreateAccountAsync();
        var (licenseId, key) = await Traffic.CreateLicenseAsync(servers.Admin(0, account), account);
        await servers.Standby.WaitForReplayAsync(servers.Primary);

        // From here the standby answers as of this moment: it applies nothing more until replay resumes.
        await servers.Standby.PauseReplayAsync();
        var (newId, newKey) = await Traffic.CreateLicenseAsync(servers.Admin(0, account), account);
        var token = (await servers.Admin(0, account).PostAsync(account.Path($"licenses/{newId}/tokens"))).Expect(200).Attribute("token");

        // Node 0 made them: it reads the account from the primary for a while, and sees them.
        AssertValid(await ValidateKeyAsync(servers.Anonymous(0), account, newKey));

        // Node 1 finds on the standby neither the license nor its token: it reads them again from the primary.
        AssertValid(await ValidateKeyAsync(servers.Anonymous(1), account, newKey));
        AssertValid(await servers.Bearer(1, token).PostAsync(account.Path($"licenses/{newId}/actions/validate")));
        var shown = (await servers.Admin(1, account).GetAsync(account.Path($"licenses/{newId}"))).Expect(200);
        Assert.Equal(newId, (string?)shown.Data!["id"]);

        // A change made through node 0 is what node 0 reads next.
        (await servers.Admin(0, account).PostAsync(account.Path($"licenses/{licenseId}/actions/suspend"))).Expect(200);
        Assert.Equal("SUSPENDED", (string?)(await ValidateKeyAsync(servers.Anonymous(0), account, key)).Meta!["code"]);

        // Node 1 reads the standby, which has not applied the suspension yet (the lag README "Scale out" describes) ...
        AssertValid(await ValidateKeyAsync(servers.Anonymous(1), account, key));

        // ... and sees it as soon as the standby has.
        await servers.Standby.ResumeReplayAsync();
        await servers.Standby.WaitForReplayAsync(servers.Primary);
        Assert.Equal("SUSPENDED", (string?)(await ValidateKeyAsync(servers.Anonymous(1), account, key)).Meta!["code"]);
    }

    private static Task<ApiResponse> ValidateKeyAsync(ApiClient client, TestAccount account, string key) =>
        client.PostAsync(account.Path("licenses/actions/validate-key"), new { meta = new { key } });

    private static void AssertValid(ApiResponse response)
    {
        response.Expect(200);
        Assert.Equal("VALID", (string?)response.Meta!["code"]);
        Assert.Equal(true, (bool?)response.Meta["valid"]);
    }

    private static Task<long> ValidationEventsAsync(ReplicatedServers servers, string licenseId) =>
        servers.ScalarAsync<long>("SELECT count(*) FROM events WHERE resource_id = $1 AND name LIKE 'license.validation.%'", Guid.Parse(licenseId));
}
