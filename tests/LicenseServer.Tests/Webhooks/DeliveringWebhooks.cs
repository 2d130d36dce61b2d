using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LicenseServer.Core.Data;
using LicenseServer.Core.Webhooks;
using LicenseServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static LicenseServer.Tests.Infrastructure.StubHttpHandler;

namespace LicenseServer.Tests.Webhooks;

/// <summary>The delivery job, run by hand as a worker would, against a stub receiver and a clock the test moves.</summary>
public sealed partial class DeliveringWebhooks(TestApp app)
{
    [Fact]
    public async Task A_receiver_that_fails_twice_then_succeeds_gets_one_successful_delivery_after_three_attempts()
    {
        var (_, id) = await ArrangeAsync();
        var receiver = new StubHttpHandler(Status(HttpStatusCode.InternalServerError, "boom"), Status(HttpStatusCode.BadGateway), Status(HttpStatusCode.OK, "thanks"));
        var queue = new RecordingWebhookQueue();
        var clock = new ManualClock(DateTimeOffset.UtcNow.AddSeconds(1));

        await Hooks.DeliverAsync(app, id, receiver, queue, clock);
        var failing = await Hooks.EventAsync(app, id);
        await Hooks.DeliverAsync(app, id, receiver, queue, clock); // not due yet: nothing happens
        clock.Set(failing.NextAttemptAt!.Value);
        await Hooks.DeliverAsync(app, id, receiver, queue, clock);
        clock.Set((await Hooks.EventAsync(app, id)).NextAttemptAt!.Value);
        await Hooks.DeliverAsync(app, id, receiver, queue, clock);
        await Hooks.DeliverAsync(app, id, receiver, queue, clock); // delivered: running again is harmless

        Assert.Equal(WebhookStatuses.Failing, failing.Status);
        Assert.Equal(500, failing.LastResponseCode);
        Assert.Equal("boom", failing.LastResponseBody);
        var delivered = await Hooks.EventAsync(app, id);
        Assert.Equal(WebhookStatuses.Delivered, delivered.Status);
        Assert.Equal(3, delivered.Attempts);
        Assert.Equal(200, delivered.LastResponseCode);
        Assert.Equal("thanks", delivered.LastResponseBody);
        Assert.Null(delivered.NextAttemptAt);
        Assert.Equal(3, receiver.Received.Count);
        Assert.Equal(2, queue.Scheduled.Count);
        Assert.All(receiver.Received, r => Assert.Equal(id.ToString(), (string?)JsonNode.Parse(r.Body)!["data"]!["id"]));
    }

    [Fact]
    public async Task A_receiver_that_never_answers_ends_failed_after_the_whole_schedule()
    {
        var (_, id) = await ArrangeAsync();
        var receiver = new StubHttpHandler(Throws(new TaskCanceledException("no answer", new TimeoutException())));
        var queue = new RecordingWebhookQueue();
        // Start on a whole microsecond, as PostgreSQL stores times: otherwise the first stored retry time reads back
        // up to a microsecond short of the wait the job computed.
        var start = DateTimeOffset.UtcNow.AddSeconds(1);
        var clock = new ManualClock(start.AddTicks(-(start.Ticks % TimeSpan.TicksPerMicrosecond)));
        var waits = new List<TimeSpan>();

        for (var attempt = 1; attempt <= WebhookRetrySchedule.MaxAttempts; attempt++)
        {
            await Hooks.DeliverAsync(app, id, receiver, queue, clock);
            if ((await Hooks.EventAsync(app, id)).NextAttemptAt is { } next)
            {
                waits.Add(next - clock.Now.UtcDateTime);
                clock.Set(next);
            }
        }

        var failed = await Hooks.EventAsync(app, id);
        Assert.Equal(WebhookStatuses.Failed, failed.Status);
        Assert.Equal(16, failed.Attempts);
        Assert.Null(failed.LastResponseCode);
        Assert.Equal("REQ_TIMEOUT", failed.LastResponseBody);
        Assert.Equal(16, receiver.Received.Count);
        Assert.Equal(15, waits.Count);
        for (var k = 0; k < waits.Count; k++)
        {
            var basePart = Math.Pow(k, 4);
            Assert.InRange(waits[k].TotalSeconds, basePart + 600, basePart + 6000);
        }
    }

    [Fact]
    public async Task A_refused_connection_fails_at_once()
    {
        var (_, id) = await ArrangeAsync();
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException((int)SocketError.ConnectionRefused));
        var receiver = new StubHttpHandler(Throws(refused));

        await Hooks.DeliverAsync(app, id, receiver, new RecordingWebhookQueue(), new ManualClock(DateTimeOffset.UtcNow.AddSeconds(1)));

        var failed = await Hooks.EventAsync(app, id);
        Assert.Equal(WebhookStatuses.Failed, failed.Status);
        Assert.Equal("CONN_REFUSED", failed.LastResponseBody);
    }

    [Fact]
    public async Task A_410_answer_fails_the_event_and_disables_the_endpoint()
    {
        var (account, id) = await ArrangeAsync();
        var receiver = new StubHttpHandler(Status(HttpStatusCode.Gone, new string('x', 3000)));

        await Hooks.DeliverAsync(app, id, receiver, new RecordingWebhookQueue(), new ManualClock(DateTimeOffset.UtcNow.AddSeconds(1)));

        var failed = await Hooks.EventAsync(app, id);
        Assert.Equal(WebhookStatuses.Failed, failed.Status);
        Assert.Equal(410, failed.LastResponseCode);
        Assert.Equal("RES_BODY_TOO_LARGE", failed.LastResponseBody);
        var endpoint = await app.QueryAsync(db => db.WebhookEndpoints.SingleAsync(e => e.AccountId == account.Id));
        Assert.Empty(endpoint.Subscriptions);
    }

    [Fact]
    public async Task A_delivery_left_pending_by_a_stopped_server_is_swept_and_delivered()
    {
        var (_, id) = await ArrangeAsync();
        var clock = new ManualClock(DateTimeOffset.UtcNow.AddMinutes(10));
        var queue = new RecordingWebhookQueue();
        // The server died mid-delivery ten minutes ago: the row is due and its claim ran out.
        await app.QueryAsync(db => db.WebhookEvents.Where(e => e.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.ClaimedUntil, DateTime.UtcNow.AddMinutes(2))));

        var swept = await app.QueryAsync(db => new WebhookSweepJob(db, queue, clock).RunAsync(CancellationToken.None));
        Assert.True(swept >= 1);
        Assert.Contains(id, queue.Enqueued);
        var receiver = new StubHttpHandler(Status(HttpStatusCode.NoContent));
        await Hooks.DeliverAsync(app, id, receiver, queue, clock);

        Assert.Equal(WebhookStatuses.Delivered, (await Hooks.EventAsync(app, id)).Status);
        Assert.Single(receiver.Received, r => (string?)JsonNode.Parse(r.Body)!["data"]!["id"] == id.ToString());
    }

    [Fact]
    public async Task An_event_deleted_while_it_is_being_delivered_ends_the_job_quietly()
    {
        var (_, id) = await ArrangeAsync();
        var receiver = new StubHttpHandler(() =>
        {
            using var scope = app.GetService<IServiceScopeFactory>().CreateScope();
            scope.ServiceProvider.GetRequiredService<LicenseServerDb>().WebhookEvents.Where(e => e.Id == id).ExecuteDelete();
            return new HttpResponseMessage(HttpStatusCode.OK);
        });

        await Hooks.DeliverAsync(app, id, receiver, new RecordingWebhookQueue(), new ManualClock(DateTimeOffset.UtcNow.AddSeconds(1)));

        Assert.Single(receiver.Received);
        Assert.False(await app.QueryAsync(db => db.WebhookEvents.AnyAsync(e => e.Id == id)));
    }

    [Fact]
    public async Task A_delivery_carries_the_api_version_its_payload_was_rendered_for()
    {
        var (account, id) = await ArrangeAsync();
        var endpoint = (await Hooks.EventAsync(app, id)).EndpointId!.Value;
        (await app.Admin(account).PatchAsync(account.Path($"webhook-endpoints/{endpoint}"),
            new { data = new { type = "webhook-endpoints", attributes = new { apiVersion = "1.3" } } })).Expect(200);
        var receiver = new StubHttpHandler(Status(HttpStatusCode.OK));

        await Hooks.DeliverAsync(app, id, receiver, new RecordingWebhookQueue(), new ManualClock(DateTimeOffset.UtcNow.AddSeconds(1)));

        var request = Assert.Single(receiver.Received);
        Assert.Equal("1.8", request.Headers["Keygen-Version"]);
        Assert.StartsWith("Keygen/1.8 ", request.Headers["User-Agent"]);
        Assert.Equal("1.8", (string?)JsonNode.Parse(request.Body)!["data"]!["attributes"]!["apiVersion"]);
    }

    [Fact]
    public async Task A_delivery_in_progress_or_just_queued_is_not_swept()
    {
        var (_, id) = await ArrangeAsync();
        var queue = new RecordingWebhookQueue();

        await app.QueryAsync(db => new WebhookSweepJob(db, queue, new ManualClock(DateTimeOffset.UtcNow)).RunAsync(CancellationToken.None));
        await app.QueryAsync(db => db.WebhookEvents.Where(e => e.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.ClaimedUntil, DateTime.UtcNow.AddHours(1))));
        await app.QueryAsync(db => new WebhookSweepJob(db, queue, new ManualClock(DateTimeOffset.UtcNow.AddMinutes(10))).RunAsync(CancellationToken.None));

        Assert.DoesNotContain(id, queue.Enqueued);
    }

    [Theory]
    [InlineData("ed25519")]
    [InlineData("rsa-pss-sha256")]
    [InlineData("rsa-sha256")]
    [InlineData("ecdsa-p256")]
    public async Task A_delivery_is_signed_with_the_account_key_of_the_endpoint_algorithm(string algorithm)
    {
        var account = await app.CreateAccountAsync();
        (await app.Admin(account).PostAsync(account.Path("webhook-endpoints"),
            Hooks.Endpoint("https://hooks.example.com:8443/keygen/webhooks?source=test", ["product.created"], algorithm))).Expect(201);
        await Hooks.CreateProductAsync(app, account);
        var id = (await Hooks.EventsAsync(app, account)).Single().Id;
        var receiver = new StubHttpHandler(Status(HttpStatusCode.OK));

        await Hooks.DeliverAsync(app, id, receiver, new RecordingWebhookQueue(), new ManualClock(DateTimeOffset.UtcNow.AddSeconds(1)));

        var request = Assert.Single(receiver.Received);
        var headers = request.Headers;
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.StartsWith("application/json", headers["Content-Type"]);
        Assert.Equal("Keygen/1.8 (+https://keygen.sh/docs/api/webhooks/)", headers["User-Agent"]);
        Assert.Equal("1.8", headers["Keygen-Version"]);
        Assert.Equal("hooks.example.com:8443", headers["Host"]);
        var digest = "sha-256=" + Convert.ToBase64String(SHA256.HashData(request.Body));
        Assert.Equal(digest, headers["Digest"]);
        Assert.Equal(digest, headers["Keygen-Digest"]);
        Assert.Equal(headers["Date"], headers["Keygen-Date"]);
        var signature = Signatures.Parse(headers["Keygen-Signature"]);
        Assert.Equal(account.Id.ToString(), signature["keyid"]);
        Assert.Equal(algorithm, signature["algorithm"]);
        Assert.Equal("(request-target) host date digest", signature["headers"]);
        var signed = Encoding.UTF8.GetBytes(
            $"(request-target): post /keygen/webhooks?source=test\nhost: hooks.example.com:8443\ndate: {headers["Date"]}\ndigest: {digest}");
        var keys = (await app.Admin(account).GetAsync(account.Path())).Expect(200).Data!["meta"]!;
        Assert.True(Signatures.Verify(algorithm, keys, signed, Convert.FromBase64String(signature["signature"])), "the signature does not verify");
        var document = JsonNode.Parse(request.Body)!["data"]!;
        Assert.Equal("webhook-events", (string?)document["type"]);
        Assert.Equal("product.created", (string?)document["attributes"]!["event"]);
        Assert.Equal("products", (string?)JsonNode.Parse((string)document["attributes"]!["payload"]!)!["data"]!["type"]);
    }

    /// <summary>An account with one endpoint for every event and one product.created webhook event.</summary>
    private async Task<(TestAccount Account, Guid EventId)> ArrangeAsync()
    {
        var account = await app.CreateAccountAsync();
        await Hooks.CreateEndpointAsync(app, account, "https://hooks.example.com/keygen", "product.created");
        await Hooks.CreateProductAsync(app, account);
        return (account, (await Hooks.EventsAsync(app, account)).Single().Id);
    }
}
