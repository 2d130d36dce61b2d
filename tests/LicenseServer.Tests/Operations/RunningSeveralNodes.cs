using System.Text.Json.Nodes;
using Hangfire;
using Hangfire.Common;
using LicenseServer.Core.Tokens;
using LicenseServer.Core.Webhooks;
using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;
using LicenseServer.Tests.Machines;
using LicenseServer.Tests.Users;
using LicenseServer.Tests.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Operations;

/// <summary>
/// Several server nodes on one database behave as one server (issue 14, "More than one machine"): what one node changes,
/// the other answers on its very next request, and background work runs once however many nodes run workers. Each test
/// runs two hosts over one database; the second is started by <see cref="TestApp.StartSecondNodeAsync"/>.
/// </summary>
public sealed class RunningSeveralNodes(TestApp app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);

    /// <summary>The schedulers' polling interval (JobRegistration): a node that polls after a run was scheduled finds it done.</summary>
    private static readonly TimeSpan SchedulePolling = TimeSpan.FromSeconds(5);

    private static readonly Dictionary<string, string?> Worker = new() { ["Jobs:Worker"] = "true" };

    [Fact]
    public async Task A_token_revoked_through_one_node_is_refused_by_the_other_on_its_next_request()
    {
        await using var second = await app.StartSecondNodeAsync();
        var (account, id, token) = await TokenJustUsedOnAsync(second);

        (await app.Admin(account).DeleteAsync(account.Path($"tokens/{id}"))).Expect(204);

        (await second.Client(token).GetAsync(account.Path("products"))).ExpectError(401, code: "TOKEN_INVALID");
        Assert.Equal(401, (await DashboardAsync(second, token)).Status);
    }

    [Fact]
    public async Task A_token_regenerated_through_one_node_works_on_the_other_only_with_its_new_secret()
    {
        await using var second = await app.StartSecondNodeAsync();
        var (account, id, old) = await TokenJustUsedOnAsync(second);

        var regenerated = (await app.Admin(account).PutAsync(account.Path($"tokens/{id}"))).Expect(200).Attribute("token");

        (await second.Client(old).GetAsync(account.Path("products"))).ExpectError(401, code: "TOKEN_INVALID");
        Assert.Equal(401, (await DashboardAsync(second, old)).Status);
        (await second.Client(regenerated).GetAsync(account.Path("products"))).Expect(200);
        Assert.Equal(200, (await DashboardAsync(second, regenerated)).Status);
    }

    [Fact]
    public async Task A_license_suspended_and_reinstated_through_one_node_is_answered_so_by_the_other_on_its_next_request()
    {
        await using var second = await app.StartSecondNodeAsync();
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account, new { name = "Keyed", authenticationStrategy = "LICENSE" });
        var license = await app.CreateLicenseAsync(account, policy);
        var (id, key) = ((string)license.Data!["id"]!, license.Attribute("key"));
        Assert.Equal("VALID", await ValidateKeyAsync(second, account, key));
        (await MeAsync(second, account, key)).Expect(200);

        (await app.Admin(account).PostAsync(account.Path($"licenses/{id}/actions/suspend"))).Expect(200);

        Assert.Equal("SUSPENDED", await ValidateKeyAsync(second, account, key));
        (await MeAsync(second, account, key)).ExpectError(403, code: "LICENSE_SUSPENDED");

        (await app.Admin(account).PostAsync(account.Path($"licenses/{id}/actions/reinstate"))).Expect(200);

        Assert.Equal("VALID", await ValidateKeyAsync(second, account, key));
        (await MeAsync(second, account, key)).Expect(200);
    }

    [Fact]
    public async Task Policy_and_expiry_changes_through_one_node_are_answered_by_the_other_on_its_next_request()
    {
        await using var second = await app.StartSecondNodeAsync();
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account, new
        {
            name = "Two seats",
            strict = true,
            floating = true,
            maxMachines = 2,
            expirationStrategy = "REVOKE_ACCESS",
            authenticationStrategy = "LICENSE",
        });
        var license = await app.CreateLicenseAsync(account, policy);
        var (id, key) = ((string)license.Data!["id"]!, license.Attribute("key"));
        await app.CreateMachineAsync(account, id);
        await app.CreateMachineAsync(account, id);
        Assert.Equal("VALID", await ValidateKeyAsync(second, account, key));
        (await MeAsync(second, account, key)).Expect(200);

        await PatchPolicyAsync(account, policy, new { maxMachines = 1 });
        Assert.Equal("TOO_MANY_MACHINES", await ValidateKeyAsync(second, account, key));

        await PatchPolicyAsync(account, policy, new { maxMachines = 2 });
        Assert.Equal("VALID", await ValidateKeyAsync(second, account, key));

        await PatchPolicyAsync(account, policy, new { authenticationStrategy = "TOKEN" });
        (await MeAsync(second, account, key)).ExpectError(403, code: "LICENSE_NOT_ALLOWED");

        await PatchPolicyAsync(account, policy, new { authenticationStrategy = "LICENSE" });
        (await MeAsync(second, account, key)).Expect(200);

        var expiry = DateTime.UtcNow.AddDays(-1).ToString("O");
        (await app.Admin(account).PatchAsync(account.Path($"licenses/{id}"), new { data = new { type = "licenses", attributes = new { expiry } } })).Expect(200);
        Assert.Equal("EXPIRED", await ValidateKeyAsync(second, account, key));
        (await MeAsync(second, account, key)).ExpectError(403, code: "LICENSE_EXPIRED");
    }

    [Fact]
    public async Task An_account_protected_through_one_node_is_protected_on_the_other_within_the_account_cache_lifetime()
    {
        await using var second = await app.StartSecondNodeAsync();
        var account = await app.CreateAccountAsync();
        object SignUp() => UserBuilders.UserBody(new { email = $"u{Guid.NewGuid():N}@example.com", password = "america!" });
        (await second.Anonymous.PostAsync(account.Path("users"), SignUp())).Expect(201);

        await app.ProtectAsync(account);

        // The second node read the account a moment ago; it reads it again after AccountResolver.Lifetime (1 s). The poll
        // allows ten times that for a loaded machine; the 30 s cache this replaced failed here.
        Assert.True(await Poll.UntilAsync(async () => (await second.Anonymous.PostAsync(account.Path("users"), SignUp())).Status == 403,
            TimeSpan.FromSeconds(10)), "the second node still lets anonymous users sign up to the protected account");
    }

    [Fact]
    public async Task Events_raised_through_two_worker_nodes_at_once_are_delivered_exactly_once_to_each_endpoint()
    {
        const int Activations = 30;
        await using var first = await LocalReceiver.StartAsync();
        await using var other = await LocalReceiver.StartAsync();
        await using var nodeA = await TestApp.StartAsync(Worker);
        await using var nodeB = await nodeA.StartSecondNodeAsync();
        await ExpectWorkersAsync(nodeA, 2);
        var account = await nodeA.CreateAccountAsync();
        await Hooks.CreateEndpointAsync(nodeA, account, first.Url, "machine.created");
        await Hooks.CreateEndpointAsync(nodeB, account, other.Url, "machine.created");
        var license = await nodeA.CreateLicenseOnAsync(account, new() { ["floating"] = true, ["maxMachines"] = Activations });
        var nodes = new[] { nodeA.Admin(account), nodeB.Admin(account) };

        var responses = await Task.WhenAll(Enumerable.Range(0, Activations).Select(i =>
            Task.Run(() => nodes[i % 2].ActivateAsync(account, license, $"node-{i % 2}-{i}"))));

        var machines = responses.Select(r => (string)r.Expect(201).Data!["id"]!).Order().ToList();
        Assert.True(await Poll.UntilAsync(async () => (await Hooks.EventsAsync(nodeA, account)).Count(e => e.Status == WebhookStatuses.Delivered) == 2 * Activations, Patience),
            "not every event was delivered: " + string.Join(", ", (await Hooks.EventsAsync(nodeA, account)).Select(e => $"{e.Status}/{e.Attempts}")));

        // Each post happens before its row is marked delivered, so with every row delivered the receivers hold all there is.
        var events = await Hooks.EventsAsync(nodeA, account);
        Assert.All(events, e => Assert.Equal(1, e.Attempts));
        foreach (var receiver in new[] { first, other })
        {
            var deliveries = receiver.Received.Select(r => JsonNode.Parse(r.Body)!["data"]!).ToList();
            Assert.Equal(Activations, deliveries.Count);
            Assert.Equal(Activations, deliveries.Select(d => (string)d["id"]!).Distinct().Count());
            var delivered = deliveries.Select(d => (string)JsonNode.Parse((string)d["attributes"]!["payload"]!)!["data"]!["id"]!).Order().ToList();
            Assert.Equal(machines, delivered);
        }
    }

    [Fact]
    public async Task A_recurring_job_that_comes_due_runs_once_with_two_worker_nodes_scheduling()
    {
        const string RecurringJob = "prune-expired-tokens";
        await using var nodeA = await TestApp.StartAsync(Worker);
        await using var nodeB = await nodeA.StartSecondNodeAsync();
        await ExpectWorkersAsync(nodeA, 2);
        var account = await nodeA.CreateAccountAsync();
        var expired = account.AdminTokenId;
        await nodeA.QueryAsync(db => db.Tokens.Where(t => t.Id == expired)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Expiry, DateTime.UtcNow - ExpiredTokenPruneJob.KeepExpired - TimeSpan.FromDays(1))));
        Assert.Empty(await RunsAsync(nodeA, RecurringJob));

        // The daily prune missed its last run: both nodes' schedulers find it due at their next poll.
        var now = DateTime.UtcNow;
        using (var connection = nodeA.GetService<JobStorage>().GetConnection())
        using (var transaction = connection.CreateWriteTransaction())
        {
            transaction.SetRangeInHash($"recurring-job:{RecurringJob}", new Dictionary<string, string>
            {
                ["LastExecution"] = JobHelper.SerializeDateTime(now.AddDays(-2)),
                ["NextExecution"] = JobHelper.SerializeDateTime(now.AddDays(-1)),
            });
            transaction.AddToSet("recurring-jobs", RecurringJob, JobHelper.ToTimestamp(now.AddDays(-1)));
            transaction.Commit();
        }

        Assert.True(await Poll.UntilAsync(async () => (await RunsAsync(nodeA, RecurringJob)).Contains("Succeeded"), Patience), "the due recurring job did not run");
        Assert.False(await nodeA.QueryAsync(db => db.Tokens.AnyAsync(t => t.Id == expired)), "the run had no effect");

        // Every node's scheduler has polled again since: none schedules the same run a second time.
        await Task.Delay(SchedulePolling * 2, TestContext.Current.CancellationToken);
        Assert.Equal(["Succeeded"], await RunsAsync(nodeA, RecurringJob));
    }

    /// <summary>A new admin token, made through the first node and just used through <paramref name="node"/> on the API and the dashboard.</summary>
    private async Task<(TestAccount Account, string Id, string Token)> TokenJustUsedOnAsync(TestApp node)
    {
        var account = await app.CreateAccountAsync();
        var created = (await app.Admin(account).PostAsync(account.Path("tokens"))).Expect(201);
        var token = created.Attribute("token");
        (await node.Client(token).GetAsync(account.Path("products"))).Expect(200);
        Assert.Equal(200, (await DashboardAsync(node, token)).Status);
        return (account, (string)created.Data!["id"]!, token);
    }

    private static Task<ApiResponse> DashboardAsync(TestApp node, string token) =>
        node.Client(token).SendRawAsync(HttpMethod.Get, "/hangfire", null, null, accept: "text/html");

    private static async Task<string> ValidateKeyAsync(TestApp node, TestAccount account, string key)
    {
        var response = await node.Anonymous.PostAsync(account.Path("licenses/actions/validate-key"), new { meta = new { key } });
        return (string)response.Expect(200).Meta!["code"]!;
    }

    private static Task<ApiResponse> MeAsync(TestApp node, TestAccount account, string key) =>
        node.WithAuthorization($"License {key}").GetAsync(account.Path("me"));

    private async Task PatchPolicyAsync(TestAccount account, string policy, object attributes) =>
        (await app.Admin(account).PatchAsync(account.Path($"policies/{policy}"), new { data = new { type = "policies", attributes } })).Expect(200);

    /// <summary>Both nodes run a Hangfire server (workers and schedulers) on the one job storage.</summary>
    private static async Task ExpectWorkersAsync(TestApp node, int count)
    {
        var monitoring = node.GetService<JobStorage>().GetMonitoringApi();
        Assert.True(await Poll.UntilAsync(() => monitoring.Servers().Count == count, Patience), $"expected {count} Hangfire servers");
    }

    /// <summary>The state of every job created for one recurring job id, from Hangfire's own tables.</summary>
    private static Task<List<string>> RunsAsync(TestApp node, string recurringJobId) =>
        node.QueryAsync(db => db.Database.SqlQueryRaw<string>(
            """
            SELECT coalesce(j.statename, '') AS "Value" FROM hangfire.job j
            JOIN hangfire.jobparameter p ON p.jobid = j.id AND p.name = 'RecurringJobId'
            WHERE p.value = {0}
            """,
            $"\"{recurringJobId}\"").ToListAsync());
}
