using System.Net;
using System.Net.Sockets;
using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Machines;
using OpenTelemetry.Trace;

namespace LicenseServer.Tests.Operations;

/// <summary>Traces are off unless an OTLP endpoint is configured; with one that nothing listens on, requests are unaffected.</summary>
public sealed class ExportingTraces(TestApp app)
{
    [Fact]
    public void Without_an_otlp_endpoint_no_tracer_is_registered()
    {
        Assert.Throws<InvalidOperationException>(() => app.GetService<TracerProvider>());
    }

    [Fact]
    public async Task With_an_otlp_endpoint_nothing_listens_on_the_server_still_answers()
    {
        await using var traced = await TestApp.StartAsync(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{UnusedPort()}",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        });
        Assert.NotNull(traced.GetService<TracerProvider>());
        var account = await traced.CreateAccountAsync();
        var key = "TRACED-" + Guid.NewGuid().ToString("N")[..16];
        await traced.CreateLicenseOnAsync(account, licenseAttributes: new { key });

        for (var i = 0; i < 3; i++)
        {
            var validation = await traced.Anonymous.PostAsync(account.Path("licenses/actions/validate-key"), new { meta = new { key } });
            Assert.Equal("VALID", (string?)validation.Expect(200).Meta!["code"]);
            await Task.Delay(150, TestContext.Current.CancellationToken);
        }

        (await traced.Admin(account).GetAsync(account.Path("licenses"))).Expect(200);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
