using LicenseServer.Tests.Infrastructure;

namespace LicenseServer.Tests.Hosting;

public sealed class Health(TestApp app)
{
    [Fact]
    public async Task Ping_answers_200_with_an_empty_body()
    {
        var response = await app.Anonymous.GetAsync("/v1/ping");

        response.Expect(200);
        Assert.Equal(string.Empty, response.Body);
    }

    [Fact]
    public async Task Readiness_checks_the_database()
    {
        (await app.Anonymous.GetAsync("/v1/health/ready")).Expect(204);
    }
}
