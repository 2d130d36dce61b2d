using System.Text.Json;
using System.Text.Json.Nodes;
using LicenseServer.Core.Webhooks;
using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Webhooks;

public sealed class RecordingWebhookEvents(TestApp app)
{
    [Fact]
    public async Task An_event_becomes_one_webhook_event_per_subscribed_endpoint()
    {
        var account = await app.CreateAccountAsync();
        var all = await Hooks.CreateEndpointAsync(app, account, "https://hooks.example.com/all");
        var products = await Hooks.CreateEndpointAsync(app, account, "https://hooks.example.com/products", "product.created");
        await Hooks.CreateEndpointAsync(app, account, "https://hooks.example.com/licenses", "license.created");

        var productId = await Hooks.CreateProductAsync(app, account);

        var events = await Hooks.EventsAsync(app, account);
        Assert.Equal([all, products], events.Select(e => e.EndpointId!.Value).Order());
        Assert.All(events, e =>
        {
            Assert.Equal("product.created", e.Event);
            Assert.Equal(WebhookStatuses.Delivering, e.Status);
            Assert.Matches("^[0-9a-f]{62}v3$", e.IdempotencyToken);
            Assert.Equal(productId.ToString(), (string?)JsonNode.Parse(e.Payload)!["data"]!["id"]);
        });
        Assert.NotEqual(events[0].IdempotencyToken, events[1].IdempotencyToken);
    }

    [Fact]
    public async Task Event_payloads_show_the_created_and_updated_times_of_the_response()
    {
        var account = await app.CreateAccountAsync();
        await Hooks.CreateEndpointAsync(app, account, "https://hooks.example.com/all");
        var created = (await app.Admin(account).PostAsync(account.Path("products"), new { data = new { type = "products", attributes = new { name = "App" } } })).Expect(201);
        var id = (string)created.Data!["id"]!;
        var unchanged = (await app.Admin(account).PatchAsync(account.Path($"products/{id}"), new { data = new { type = "products", attributes = new { } } })).Expect(200);

        var events = await Hooks.EventsAsync(app, account);
        var attributesOf = (string name) => JsonNode.Parse(events.Single(e => e.Event == name).Payload)!["data"]!["attributes"]!;
        Assert.Equal((string?)created.Data!["attributes"]!["created"], (string?)attributesOf("product.created")["created"]);
        Assert.Equal((string?)created.Data!["attributes"]!["updated"], (string?)attributesOf("product.created")["updated"]);
        Assert.Equal((string?)unchanged.Data!["attributes"]!["updated"], (string?)attributesOf("product.updated")["updated"]);
        Assert.NotEqual("0001-01-01T00:00:00.000Z", (string?)attributesOf("product.created")["created"]);
    }

    [Fact]
    public async Task License_and_machine_creation_payloads_show_the_times_of_the_response()
    {
        var account = await app.CreateAccountAsync();
        await Hooks.CreateEndpointAsync(app, account, "https://hooks.example.com/all");
        var policy = await app.CreatePolicyAsync(account);
        var license = await app.CreateLicenseAsync(account, policy);
        var machine = (await app.Admin(account).PostAsync(account.Path("machines"), new
        {
            data = new
            {
                type = "machines",
                attributes = new { fingerprint = "payload-times" },
                relationships = new { license = new { data = new { type = "licenses", id = (string)license.Data!["id"]! } } },
            },
        })).Expect(201);

        var events = await Hooks.EventsAsync(app, account);
        var attributesOf = (string name) => JsonNode.Parse(events.Single(e => e.Event == name).Payload)!["data"]!["attributes"]!;
        foreach (var (name, response) in new[] { ("license.created", license.Data!), ("machine.created", machine.Data!) })
        {
            Assert.Equal((string?)response["attributes"]!["created"], (string?)attributesOf(name)["created"]);
            Assert.Equal((string?)response["attributes"]!["updated"], (string?)attributesOf(name)["updated"]);
            Assert.NotEqual("0001-01-01T00:00:00.000Z", (string?)attributesOf(name)["updated"]);
        }
    }

    [Fact]
    public async Task A_change_that_fails_records_no_webhook_event()
    {
        var account = await app.CreateAccountAsync();
        await Hooks.CreateEndpointAsync(app, account, "https://hooks.example.com/all");
        var body = new { data = new { type = "products", attributes = new { name = "App", code = "app" } } };
        (await app.Admin(account).PostAsync(account.Path("products"), body)).Expect(201);

        (await app.Admin(account).PostAsync(account.Path("products"), body)).ExpectError(422, code: "CODE_TAKEN");

        Assert.Single(await Hooks.EventsAsync(app, account));
    }

    [Fact]
    public async Task After_commit_a_delivery_job_carrying_only_the_id_is_enqueued()
    {
        var account = await app.CreateAccountAsync();
        await Hooks.CreateEndpointAsync(app, account, "https://hooks.example.com/all");

        await Hooks.CreateProductAsync(app, account);

        var id = (await Hooks.EventsAsync(app, account)).Single().Id;
        var arguments = await app.QueryAsync(db => db.Database
            .SqlQueryRaw<string>("SELECT arguments::text AS \"Value\" FROM hangfire.job WHERE arguments::text LIKE {0}", $"%{id}%")
            .ToListAsync());
        var job = Assert.Single(arguments);
        Assert.Equal($"[\"\\\"{id}\\\"\", null]", job);
    }

    [Fact]
    public async Task A_product_scoped_endpoint_only_gets_events_of_its_product()
    {
        var account = await app.CreateAccountAsync();
        var mine = await Hooks.CreateProductAsync(app, account, "Mine");
        var created = await app.Admin(account).PostAsync(account.Path("webhook-endpoints"), new
        {
            data = new
            {
                type = "webhook-endpoints",
                attributes = new { url = "https://hooks.example.com/mine" },
                relationships = new { product = new { data = new { type = "products", id = mine } } },
            },
        });
        created.Expect(201);

        await Hooks.CreateProductAsync(app, account, "Theirs");
        (await app.Admin(account).PatchAsync(account.Path($"products/{mine}"), new { data = new { type = "products", attributes = new { name = "Mine 2" } } })).Expect(200);
        (await app.Admin(account).PostAsync(account.Path($"products/{mine}/tokens"))).Expect(200);

        var events = await Hooks.EventsAsync(app, account);
        Assert.Equal(["product.updated", "token.generated"], events.Select(e => e.Event));
    }

    [Fact]
    public async Task Events_are_listed_newest_first_and_filtered_by_name_without_a_count()
    {
        var account = await app.CreateAccountAsync();
        await Hooks.CreateEndpointAsync(app, account, "https://hooks.example.com/all");
        var productId = await Hooks.CreateProductAsync(app, account);
        (await app.Admin(account).PostAsync(account.Path($"products/{productId}/tokens"))).Expect(200);

        var all = await app.Admin(account).GetAsync(account.Path("webhook-events"));
        var filtered = await app.Admin(account).GetAsync(account.Path("webhook-events?events[]=product.created&page[number]=1&page[size]=5"));
        var none = await app.Admin(account).GetAsync(account.Path("webhook-events?events[]=no.such-event"));

        all.Expect(200);
        Assert.Equal(["token.generated", "product.created"], all.Data!.AsArray().Select(e => (string?)e!["attributes"]!["event"]));
        var created = Assert.Single(filtered.Data!.AsArray());
        Assert.Equal("webhook-events", (string?)created!["type"]);
        Assert.Equal(JsonValueKind.String, created["attributes"]!["payload"]!.GetValueKind());
        Assert.Equal(64, ((string?)created["meta"]!["idempotencyToken"])!.Length);
        Assert.Null(filtered.Json!["links"]!["meta"]);
        Assert.Null(filtered.Json!["links"]!["next"]);
        Assert.Empty(none.Data!.AsArray());
    }

    [Fact]
    public async Task A_retry_is_a_new_event_with_the_same_payload_and_idempotency_token()
    {
        var account = await app.CreateAccountAsync();
        await Hooks.CreateEndpointAsync(app, account, "https://hooks.example.com/all", "product.created");
        await Hooks.CreateProductAsync(app, account);
        var original = (await Hooks.EventsAsync(app, account)).Single();

        var retry = await app.Admin(account).PostAsync(account.Path($"webhook-events/{original.Id}/actions/retry"));

        retry.Expect(201);
        Assert.NotEqual(original.Id.ToString(), (string?)retry.Data!["id"]);
        Assert.Equal(original.Payload, retry.Attribute("payload"));
        Assert.Equal("product.created", retry.Attribute("event"));
        Assert.Equal("DELIVERING", retry.Attribute("status"));
        Assert.Equal(original.IdempotencyToken, (string?)retry.Data["meta"]!["idempotencyToken"]);
        Assert.Equal(2, (await Hooks.EventsAsync(app, account)).Count);
    }

    [Fact]
    public async Task A_retry_fails_once_the_endpoint_is_gone()
    {
        var account = await app.CreateAccountAsync();
        var endpoint = await Hooks.CreateEndpointAsync(app, account, "https://hooks.example.com/all");
        await Hooks.CreateProductAsync(app, account);
        var original = (await Hooks.EventsAsync(app, account)).Single();
        (await app.Admin(account).DeleteAsync(account.Path($"webhook-endpoints/{endpoint}"))).Expect(204);

        var retry = await app.Admin(account).PostAsync(account.Path($"webhook-events/{original.Id}/actions/retry"));

        var error = retry.ExpectError(422);
        Assert.Equal("webhook event failed to retry", (string?)error["detail"]);
    }

    [Fact]
    public async Task A_deleted_event_is_gone_and_unknown_ids_are_not_found()
    {
        var account = await app.CreateAccountAsync();
        await Hooks.CreateEndpointAsync(app, account, "https://hooks.example.com/all");
        await Hooks.CreateProductAsync(app, account);
        var id = (await Hooks.EventsAsync(app, account)).Single().Id;

        (await app.Admin(account).DeleteAsync(account.Path($"webhook-events/{id}"))).Expect(204);

        (await app.Admin(account).GetAsync(account.Path($"webhook-events/{id}"))).ExpectError(404, code: "NOT_FOUND");
        (await app.Admin(account).GetAsync(account.Path("webhook-events/invalid"))).ExpectError(404, code: "NOT_FOUND");
    }
}
