using LicenseServer.Tests.Infrastructure;

namespace LicenseServer.Tests.Jobs;

public sealed class ReachingTheJobDashboard(TestApp app)
{
    [Fact]
    public async Task The_dashboard_needs_an_admin_token()
    {
        var account = await app.CreateAccountAsync();
        var product = await app.Admin(account).PostAsync(account.Path("products"), new { data = new { type = "products", attributes = new { name = "App" } } });
        var productToken = await app.Admin(account).PostAsync(account.Path($"products/{product.Expect(201).Data!["id"]}/tokens"));

        var anonymous = await app.Anonymous.SendRawAsync(HttpMethod.Get, "/hangfire", null, null, accept: "text/html");
        var asProduct = await app.Client(productToken.Expect(200).Attribute("token")).SendRawAsync(HttpMethod.Get, "/hangfire", null, null, accept: "text/html");
        var asAdmin = await app.Admin(account).SendRawAsync(HttpMethod.Get, "/hangfire", null, null, accept: "text/html");
        var inBrowser = await app.WithAuthorization(ApiClient.Basic("admin", account.AdminToken)).SendRawAsync(HttpMethod.Get, "/hangfire/jobs/enqueued", null, null, accept: "text/html");

        Assert.Equal(401, anonymous.Status);
        Assert.StartsWith("Basic", anonymous.Header("WWW-Authenticate"));
        Assert.Equal(401, asProduct.Status);
        Assert.Equal(200, asAdmin.Status);
        Assert.Contains("Hangfire", asAdmin.Body);
        Assert.Equal(200, inBrowser.Status);
    }

    [Fact]
    public async Task Webhook_health_fails_without_a_worker()
    {
        var response = await app.Anonymous.GetAsync("/v1/health/webhooks");

        Assert.Equal(500, response.Status);
    }
}
