using System.Diagnostics;
using LicenseServer.Api.Hosting;
using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Webhooks;
using Npgsql;

namespace LicenseServer.Tests.Operations;

/// <summary>
/// SIGTERM under load (README, "Stopping and upgrading"): the server, a separate process on its own cluster, finishes what
/// it accepted, flushes its queued writes, and leaves its queued jobs for the next start.
/// </summary>
public sealed class StoppingGracefully
{
    private const int Clients = 6;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task SIGTERM_under_load_answers_every_accepted_request_flushes_queued_writes_and_keeps_queued_jobs_for_the_next_start()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await LocalReceiver.StartAsync();

        // No Hangfire worker at first: webhook deliveries queue up in the job storage and are not run before the stop.
        await using var server = await IsolatedServer.StartAsync(new Dictionary<string, string> { ["Jobs__Worker"] = "false" });
        var account = await server.CreateAccountAsync();
        (await server.Admin(account).PostAsync(account.Path("webhook-endpoints"), Hooks.Endpoint(receiver.Url, ["machine.created"]))).Expect(201);
        var (licenseId, _) = await Traffic.CreateLicenseAsync(server.Admin(account), account);

        // Validations go to a second account, whose row the test can lock to hold back the validation writer alone.
        var validating = await server.CreateAccountAsync();
        var (validatedId, key) = await Traffic.CreateLicenseAsync(server.Admin(validating), validating);

        // Each client activates with its own license token, whose activations counter must end equal to its machines.
        var tokens = new List<(string Id, string Token)>();
        for (var i = 0; i < Clients; i++)
        {
            var created = (await server.Admin(account).PostAsync(account.Path($"licenses/{licenseId}/tokens"))).Expect(200);
            tokens.Add(((string)created.Data!["id"]!, created.Attribute("token")));
        }

        var http = server.Http;
        var traffic = Traffic.Start(i => new ApiClient(http, "Bearer " + tokens[i].Token), () => new ApiClient(http, null), account, licenseId, key, Clients,
            keyAccount: validating);
        Assert.True(await traffic.WaitUntilAsync(
            t => t.Count(o => o.Succeeded && o.Kind == Traffic.Kind.Activation) >= 30 && t.Count(o => o.Succeeded && o.Kind == Traffic.Kind.Validation) >= 30,
            Patience), "the load did not get going: " + string.Join("\n", traffic.Outcomes.Take(5)));

        // Lock the validating account's row: writing a validation event checks its foreign key to that row, so the validation
        // writer waits while validations are still answered and queue their events. Activations (the other account) go on.
        // SIGTERM comes in the middle of that; the lock goes only once the server says it is writing its queue before exit,
        // and has not exited meanwhile.
        DateTime signalled;
        Task<int> exited;
        bool exitedWhileHeld;
        long validatedAtRelease, eventsAtRelease;
        var stopwatch = new Stopwatch();
        await using (var blocker = new NpgsqlConnection(server.ConnectionString))
        {
            await blocker.OpenAsync(ct);
            await using var hold = await blocker.BeginTransactionAsync(ct);
            await using (var lockAccount = new NpgsqlCommand("SELECT 1 FROM accounts WHERE id = $1 FOR UPDATE", blocker, hold))
            {
                lockAccount.Parameters.Add(new NpgsqlParameter { Value = validating.Id });
                await lockAccount.ExecuteNonQueryAsync(ct);
            }

            var locked = DateTime.UtcNow;
            Assert.True(await traffic.WaitUntilAsync(t => t.Count(o => o.Kind == Traffic.Kind.Validation && o.Succeeded && o.Sent > locked) >= 20, Patience),
                "validations stopped while the validation writer was held");
            signalled = DateTime.UtcNow;
            stopwatch.Start();
            server.Process.SendTerminate();
            exited = server.Process.WaitForExitAsync(Patience);
            Assert.True(await Poll.UntilAsync(() => server.Process.Tail.Contains("writing the validation events still queued", StringComparison.Ordinal), Patience),
                "the server did not get to its validation queue:\n" + server.Process.Tail);
            exitedWhileHeld = await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(1), ct)) == exited;
            validatedAtRelease = traffic.Count(o => o.Kind == Traffic.Kind.Validation && o.Succeeded);
            eventsAtRelease = await ValidationEventsAsync(server, validatedId);
            await hold.CommitAsync(ct);
        }

        var exitCode = await exited;
        var shutdown = stopwatch.Elapsed;
        await traffic.StopAsync();
        var outcomes = traffic.Outcomes;
        var log = server.ReadLog();

        Assert.False(exitedWhileHeld, "the server exited with validation events still queued:\n" + server.Process.Tail);
        Assert.True(eventsAtRelease < validatedAtRelease, $"no validation events were queued at the stop ({eventsAtRelease} of {validatedAtRelease} written)");
        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{server.Process.Tail}");
        Assert.True(shutdown < ServiceRegistration.ShutdownTimeout, $"the stop took {shutdown}");

        // Requests were in flight when the signal came, and they were answered. Every request was answered 2xx, or refused at
        // connect (sent after the server stopped listening), or lost on a connection the server closed: a lost one must have
        // changed nothing (checked below against the database).
        var inFlight = outcomes.Where(o => o.Sent < signalled && o.Done > signalled).ToList();
        Assert.True(inFlight.Any(o => o.Succeeded) && !inFlight.Any(o => o.Unknown),
            $"{inFlight.Count} requests in flight at the signal, {inFlight.Count(o => o.Succeeded)} answered; lost:\n{string.Join("\n", inFlight.Where(o => o.Unknown).Take(10))}");
        var answeredBadly = outcomes.Where(o => o.Response is not null && !o.Succeeded).ToList();
        Assert.True(answeredBadly.Count == 0, "unexpected answers:\n" + string.Join("\n", answeredBadly.Take(10)));
        Assert.True(outcomes.Any(o => o.Refused), "no request was refused after the stop");

        // Every stored machine is an activation answered 2xx, and the other way round; each with its machine.created event;
        // each client's token counted exactly its activations.
        var stored = (await server.ColumnAsync<string>("SELECT fingerprint FROM machines WHERE license_id = $1", Guid.Parse(licenseId))).ToHashSet();
        var acknowledged = outcomes.Where(o => o.Kind == Traffic.Kind.Activation && o.Succeeded).Select(o => o.Fingerprint!).ToHashSet();
        Assert.True(stored.SetEquals(acknowledged),
            $"{stored.Except(acknowledged).Count()} machines stored without a 2xx, {acknowledged.Except(stored).Count()} acknowledged but missing; "
            + $"lost answers:\n{string.Join("\n", outcomes.Where(o => o.Unknown).Take(10))}");
        Assert.Equal(0L, await server.ScalarAsync<long>(
            "SELECT count(*) FROM machines m WHERE m.license_id = $1 AND NOT EXISTS (SELECT 1 FROM events e WHERE e.resource_id = m.id AND e.name = 'machine.created')",
            Guid.Parse(licenseId)));
        for (var i = 0; i < Clients; i++)
        {
            var client = i;
            Assert.Equal(outcomes.Count(o => o.Client == client && o.Kind == Traffic.Kind.Activation && o.Succeeded),
                await server.ScalarAsync<int>("SELECT activations FROM tokens WHERE id = $1", Guid.Parse(tokens[i].Id)));
        }

        // The validation writer's queue was flushed before the exit: one event per validation answered, and lastValidated set.
        Assert.Equal(outcomes.Count(o => o.Kind == Traffic.Kind.Validation && o.Succeeded), await ValidationEventsAsync(server, validatedId));
        Assert.True(await server.ScalarAsync<bool>(
            "SELECT last_validated = (SELECT max(created) FROM events WHERE resource_id = $1 AND name LIKE 'license.validation.%') FROM licenses WHERE id = $1",
            Guid.Parse(validatedId)), "lastValidated is not the time of the last validation");
        Assert.DoesNotContain("Gave up writing", log, StringComparison.Ordinal);

        // The webhook deliveries queued before the stop were not run, and run after the next start.
        Assert.Empty(receiver.Received);
        Assert.True(await server.ScalarAsync<long>("SELECT count(*) FROM hangfire.job WHERE statename = 'Enqueued'") >= stored.Count);
        await server.RestartAsync(new Dictionary<string, string> { ["Jobs__Worker"] = "true" });
        Assert.True(await receiver.WaitForAsync(stored.Count, Patience),
            $"{receiver.Received.Count} of {stored.Count} deliveries after the restart:\n{server.Process.Tail}");
        var delivered = string.Join("\n", receiver.Received.Select(r => r.Body));
        Assert.All(stored, fingerprint => Assert.Contains(fingerprint, delivered, StringComparison.Ordinal));
    }

    private static Task<long> ValidationEventsAsync(IsolatedServer server, string licenseId) =>
        server.ScalarAsync<long>("SELECT count(*) FROM events WHERE resource_id = $1 AND name LIKE 'license.validation.%'", Guid.Parse(licenseId));
}
