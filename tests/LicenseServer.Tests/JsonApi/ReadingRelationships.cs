using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;
using LicenseServer.Tests.Machines;

namespace LicenseServer.Tests.JsonApi;

/// <summary>Relationship shapes real clients send: an optional relationship as null counts as absent.</summary>
public sealed class ReadingRelationships(TestApp app)
{
    [Fact]
    public async Task A_license_created_with_user_null_as_zapier_sends_it_has_no_owner()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account);
        var body = """{"data":{"type":"licenses","relationships":{"policy":{"data":{"type":"policies","id":"POLICY"}},"user":null}}}""".Replace("POLICY", policy);

        var response = await app.Admin(account).SendRawAsync(HttpMethod.Post, account.Path("licenses"), body, ApiClient.JsonApi);

        var license = response.Expect(201).Data!;
        Assert.Null(license["relationships"]!["owner"]!["data"]);
    }

    [Fact]
    public async Task A_license_created_with_owner_and_group_null_has_neither()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account);
        var body = """{"data":{"type":"licenses","relationships":{"policy":{"data":{"type":"policies","id":"POLICY"}},"owner":null,"group":null}}}""".Replace("POLICY", policy);

        var response = await app.Admin(account).SendRawAsync(HttpMethod.Post, account.Path("licenses"), body, ApiClient.JsonApi);

        var license = response.Expect(201).Data!;
        Assert.Null(license["relationships"]!["owner"]!["data"]);
        Assert.Null(license["relationships"]!["group"]!["data"]);
    }

    [Fact]
    public async Task A_license_created_with_owner_data_null_has_no_owner()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account);
        var body = """{"data":{"type":"licenses","relationships":{"policy":{"data":{"type":"policies","id":"POLICY"}},"owner":{"data":null}}}}""".Replace("POLICY", policy);

        var response = await app.Admin(account).SendRawAsync(HttpMethod.Post, account.Path("licenses"), body, ApiClient.JsonApi);

        Assert.Null(response.Expect(201).Data!["relationships"]!["owner"]!["data"]);
    }

    [Fact]
    public async Task A_machine_activated_with_owner_group_and_components_null_is_created()
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseOnAsync(account);
        var body = """{"data":{"type":"machines","attributes":{"fingerprint":"null-rels"},"relationships":{"license":{"data":{"type":"licenses","id":"LICENSE"}},"owner":null,"group":null,"components":null}}}""".Replace("LICENSE", license);

        var response = await app.Admin(account).SendRawAsync(HttpMethod.Post, account.Path("machines"), body, ApiClient.JsonApi);

        var machine = response.Expect(201).Data!;
        Assert.Null(machine["relationships"]!["owner"]!["data"]);
    }

    [Fact]
    public async Task A_required_relationship_sent_as_null_is_missing()
    {
        var account = await app.CreateAccountAsync();
        var body = """{"data":{"type":"machines","attributes":{"fingerprint":"no-license"},"relationships":{"license":null}}}""";

        var response = await app.Admin(account).SendRawAsync(HttpMethod.Post, account.Path("machines"), body, ApiClient.JsonApi);

        var error = response.ExpectError(400, pointer: "/data/relationships/license");
        Assert.Equal("is missing", (string?)error["detail"]);
    }
}
