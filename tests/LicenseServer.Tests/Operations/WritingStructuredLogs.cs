using System.Text.Json.Nodes;
using LicenseServer.Tests.Infrastructure;

namespace LicenseServer.Tests.Operations;

/// <summary>
/// <c>Logging:Format=json</c>: the real server process writes one JSON object per line, and a request's lines carry its
/// request id as a scope, the same UUID as its <c>X-Request-Id</c> header and its error document's <c>meta.id</c>.
/// </summary>
public sealed class WritingStructuredLogs
{
    [Fact]
    public async Task A_json_log_line_of_a_request_carries_the_request_id_of_its_header_and_error_document()
    {
        await using var server = await IsolatedServer.StartAsync(new Dictionary<string, string> { ["Logging__Format"] = "json" });
        var path = "/v1/nowhere-" + Guid.NewGuid().ToString("N");

        var missing = await server.Anonymous.GetAsync(path);

        missing.ExpectError(404, "NOT_FOUND");
        var id = missing.Header("X-Request-Id");
        Assert.True(Guid.TryParse(id, out _), $"X-Request-Id is not a UUID: {id}");
        Assert.Equal(id, (string?)missing.Json!["meta"]!["id"]);
        Assert.True(await Poll.UntilAsync(() => server.ReadLog().Contains(path, StringComparison.Ordinal), TimeSpan.FromSeconds(10)),
            "the request was not logged: " + server.ReadLog());
        var line = server.ReadLog().Split('\n').First(l => l.Contains(path, StringComparison.Ordinal));
        var entry = JsonNode.Parse(line)!;
        Assert.Equal("Information", (string?)entry["LogLevel"]);
        Assert.Contains("404", (string?)entry["Message"], StringComparison.Ordinal);
        var requestIds = entry["Scopes"]!.AsArray().Select(s => (string?)s?["RequestId"]).OfType<string>().ToList();
        Assert.True(requestIds.SequenceEqual([id!]), $"the request ids in the scopes are not just {id}: {line}");
    }
}
