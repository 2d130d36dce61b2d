using System.Text.Json.Nodes;
using LicenseServer.Core.Webhooks;
using LicenseServer.Tests.Infrastructure;

namespace LicenseServer.Tests.Webhooks;

/// <summary>Deliveries through the real Hangfire worker and PostgreSQL storage, to a real HTTP receiver.</summary>
public sealed class DeliveringOnHangfire
{
    [Fact]
    public async Task Deliveries_queued_while_no_worker_runs_are_delivered_once_a_worker_node_starts()
    {
        await using var receiver = await LocalReceiver.StartAsync();
        await using var httpOnly = await TestApp.StartAsync(new Dictionary<string, string?>());
        var account = await httpOnly.CreateAccountAsync();
        await Hooks.CreateEndpointAsync(httpOnly, account, receiver.Url, "product.created");
        await Hooks.CreateProductAsync(httpOnly, account, "First");
        await Hooks.CreateProductAsync(httpOnly, account, "Second");

        // Queued in the database, but no process is working the queue.
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        Assert.Empty(receiver.Received);

        await using (var worker = await httpOnly.StartSecondNodeAsync(new Dictionary<string, string?> { ["Jobs:Worker"] = "true" }))
        {
            Assert.True(await receiver.WaitForAsync(2, TimeSpan.FromSeconds(60)), "the worker node did not deliver the queued events");
            var events = await Hooks.EventsAsync(httpOnly, account);
            for (var i = 0; i < 50 && events.Any(e => e.Status != WebhookStatuses.Delivered); i++)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
                events = await Hooks.EventsAsync(httpOnly, account);
            }

            Assert.All(events, e => Assert.Equal(WebhookStatuses.Delivered, e.Status));
        }

        var names = receiver.Received
            .Select(r => JsonNode.Parse((string)JsonNode.Parse(r.Body)!["data"]!["attributes"]!["payload"]!)!["data"]!["attributes"]!["name"]!.GetValue<string>())
            .Order().ToList();
        Assert.Equal(["First", "Second"], names);
        Assert.All(receiver.Received, r => Assert.StartsWith("keyid=", r.Headers["Keygen-Signature"]));
    }
}
