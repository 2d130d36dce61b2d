using System.Text.Json.Nodes;
using LicenseServer.Tests.Infrastructure;

namespace LicenseServer.Tests.Hardening;

/// <summary>Every string and array a request carries has a limit, and going over it is a 422 that names the attribute.</summary>
public sealed class BoundedInput(TestApp app)
{
    [Fact]
    public async Task A_platform_longer_than_255_characters_is_PLATFORMS_TOO_LONG()
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Admin(account).PostAsync(account.Path("products"),
            new { data = new { type = "products", attributes = new { name = "Huge", platforms = new[] { "win", new string('p', 1024 * 1024 - 200) } } } });

        var error = response.ExpectError(422, code: "PLATFORMS_TOO_LONG", pointer: "/data/attributes/platforms/1");
        Assert.Equal("is too long (maximum is 255 characters)", (string?)error["detail"]);
        Assert.Empty((await app.Admin(account).GetAsync(account.Path("products"))).Data!.AsArray());
    }

    [Fact]
    public async Task More_than_100_platforms_is_PLATFORMS_TOO_LONG()
    {
        var account = await app.CreateAccountAsync();
        var platforms = Enumerable.Range(0, 101).Select(i => $"p{i}").ToArray();

        var response = await app.Admin(account).PostAsync(account.Path("products"),
            new { data = new { type = "products", attributes = new { name = "Many", platforms } } });

        var error = response.ExpectError(422, code: "PLATFORMS_TOO_LONG", pointer: "/data/attributes/platforms");
        Assert.Equal("is too long (maximum is 100 items)", (string?)error["detail"]);
    }

    [Fact]
    public async Task One_hundred_platforms_of_255_characters_are_accepted()
    {
        var account = await app.CreateAccountAsync();
        var platforms = Enumerable.Range(0, 100).Select(i => i.ToString("D3") + new string('p', 252)).ToArray();

        var response = await app.Admin(account).PostAsync(account.Path("products"),
            new { data = new { type = "products", attributes = new { name = "Full", platforms } } });

        response.Expect(201);
        Assert.Equal(100, response.Data!["attributes"]!["platforms"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_string_over_the_ceiling_in_an_attribute_without_its_own_limit_names_the_attribute()
    {
        var account = await app.CreateAccountAsync();

        var response = await app.Anonymous.PostAsync(account.Path("licenses/actions/validate-key"),
            new { meta = new { key = "anything", scope = new { checksum = new string('c', 16385) } } });

        response.ExpectError(422, code: "CHECKSUM_TOO_LONG", pointer: "/meta/scope/checksum");
    }

    [Fact]
    public async Task Metadata_over_16_kilobytes_is_METADATA_TOO_LONG_and_nothing_is_stored()
    {
        var account = await app.CreateAccountAsync();
        var metadata = new JsonObject { ["blob"] = new string('m', 600 * 1024) };

        var response = await app.Admin(account).PostAsync(account.Path("products"),
            new { data = new { type = "products", attributes = new { name = "Blob", metadata } } });

        response.ExpectError(422, code: "METADATA_TOO_LONG", pointer: "/data/attributes/metadata");
        Assert.Empty((await app.Admin(account).GetAsync(account.Path("products"))).Data!.AsArray());
    }

    [Fact]
    public async Task Json_nested_deeper_than_64_levels_is_JSON_INVALID()
    {
        var account = await app.CreateAccountAsync();
        var body = "{\"data\":{\"type\":\"products\",\"attributes\":{\"name\":\"Deep\",\"metadata\":{\"a\":"
            + new string('[', 100) + new string(']', 100) + "}}}}";

        var response = await app.Admin(account).SendRawAsync(HttpMethod.Post, account.Path("products"), body, ApiClient.JsonApi);

        response.ExpectError(400, code: "JSON_INVALID");
    }
}
