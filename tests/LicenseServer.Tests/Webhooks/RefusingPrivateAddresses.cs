using System.Net;
using System.Net.Sockets;
using LicenseServer.Core.Webhooks;
using LicenseServer.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace LicenseServer.Tests.Webhooks;

/// <summary>
/// Deliveries never reach internal addresses: the connection goes only to an address checked after DNS resolution,
/// and redirects are not followed. The endpoints here are written straight into the database, as if their name had
/// resolved to a public address when they were created and was rebound since.
/// </summary>
public sealed class RefusingPrivateAddresses(TestApp app)
{
    [Fact]
    public async Task A_name_that_resolves_to_loopback_is_refused_at_connect_time_and_nothing_connects()
    {
        await using var secure = await TestApp.StartAsync(new Dictionary<string, string?> { ["Webhooks:AllowInsecureUrls"] = "false" });
        using var listener = new CountingListener();

        var id = await RaiseEventForAsync(secure, $"https://localhost:{listener.Port}/hooks");
        await DeliverAsync(secure, id);

        var failed = await Hooks.EventAsync(secure, id);
        Assert.Equal(WebhookStatuses.Failed, failed.Status);
        Assert.Null(failed.LastResponseCode);
        Assert.Equal("HOST_UNREACH", failed.LastResponseBody);
        Assert.Equal(0, listener.Accepted);
    }

    [Fact]
    public async Task The_same_delivery_connects_when_insecure_urls_are_allowed()
    {
        // The control for the test above: its listener does see a delivery that is let through.
        using var listener = new CountingListener();

        var id = await RaiseEventForAsync(app, $"https://localhost:{listener.Port}/hooks");
        await DeliverAsync(app, id);

        Assert.True(listener.Accepted > 0);
        Assert.NotEqual("HOST_UNREACH", (await Hooks.EventAsync(app, id)).LastResponseBody);
    }

    [Fact]
    public async Task A_redirect_is_recorded_as_the_answer_and_never_followed()
    {
        await using var target = await LocalReceiver.StartAsync();
        await using var redirecting = await LocalReceiver.StartAsync(() => Results.Redirect(target.Url, preserveMethod: true));

        var id = await RaiseEventForAsync(app, redirecting.Url);
        await DeliverAsync(app, id);

        var failing = await Hooks.EventAsync(app, id);
        Assert.Equal(WebhookStatuses.Failing, failing.Status);
        Assert.Equal(307, failing.LastResponseCode);
        Assert.Single(redirecting.Received);
        Assert.Empty(target.Received);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.1.2.3")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("198.18.0.1")]
    [InlineData("192.0.2.10")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.1.2.3")]
    [InlineData("::127.0.0.1")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("64:ff9b:1::1")]
    [InlineData("2002:c0a8:0101::1")]
    [InlineData("2001:db8::1")]
    public void Internal_and_reserved_addresses_are_private(string address) =>
        Assert.True(WebhookEndpointRules.IsPrivate(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("::ffff:93.184.216.34")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:5db8:d822::1")]
    [InlineData("2606:4700:4700::1111")]
    public void Public_addresses_are_not_private(string address) =>
        Assert.False(WebhookEndpointRules.IsPrivate(IPAddress.Parse(address)));

    /// <summary>An endpoint with <paramref name="url"/> stored as is, and the id of the event a new product raises for it.</summary>
    private static async Task<Guid> RaiseEventForAsync(TestApp server, string url)
    {
        var account = await server.CreateAccountAsync();
        await server.QueryAsync(async db =>
        {
            db.WebhookEndpoints.Add(new WebhookEndpoint { AccountId = account.Id, Url = url, Subscriptions = ["product.created"], ApiVersion = "1.8" });
            return await db.SaveChangesAsync();
        });
        await Hooks.CreateProductAsync(server, account);
        return Assert.Single(await Hooks.EventsAsync(server, account)).Id;
    }

    /// <summary>Runs the delivery job once through the server's own HTTP client, as its Hangfire worker would.</summary>
    private static async Task DeliverAsync(TestApp server, Guid id)
    {
        await using var scope = server.GetService<IServiceScopeFactory>().CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<WebhookDeliveryJob>().RunAsync(id, CancellationToken.None);
    }

    /// <summary>A TCP port on loopback that accepts connections and counts them.</summary>
    private sealed class CountingListener : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private int _accepted;

        public CountingListener()
        {
            _listener.Start();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Accepted => Volatile.Read(ref _accepted);

        public void Dispose() => _listener.Stop();

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    using var client = await _listener.AcceptTcpClientAsync();
                    Interlocked.Increment(ref _accepted);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        }
    }
}
