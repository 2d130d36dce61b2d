using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace LicenseServer.Tests.Infrastructure;

/// <summary>A response read as the wire shows it: status, headers, raw body and the parsed JSON (if any).</summary>
public sealed class ApiResponse(int status, HttpResponseHeaders headers, HttpContentHeaders contentHeaders, string body)
{
    public int Status { get; } = status;

    public HttpResponseHeaders Headers { get; } = headers;

    public HttpContentHeaders ContentHeaders { get; } = contentHeaders;

    public string Body { get; } = body;

    public JsonNode? Json { get; } = TryParse(body);

    public JsonNode? Data => Json?["data"];

    public JsonNode? Meta => Json?["meta"];

    public JsonNode? FirstError => Json?["errors"]?[0];

    public string? Header(string name) =>
        Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : ContentHeaders.TryGetValues(name, out var content) ? string.Join(",", content)
        : null;

    /// <summary>Asserts the status, showing the body on failure.</summary>
    public ApiResponse Expect(int status)
    {
        Assert.True(Status == status, $"expected HTTP {status}, got {Status}: {Body}");
        return this;
    }

    /// <summary>Asserts an error document with this status and code (and pointer, when given).</summary>
    public JsonNode ExpectError(int status, string? code = null, string? pointer = null, string? parameter = null)
    {
        Expect(status);
        var errors = Json?["errors"]?.AsArray();
        Assert.True(errors is { Count: > 0 }, $"expected an errors array: {Body}");
        var match = errors!.FirstOrDefault(e =>
            (code is null || (string?)e?["code"] == code) &&
            (pointer is null || (string?)e?["source"]?["pointer"] == pointer) &&
            (parameter is null || (string?)e?["source"]?["parameter"] == parameter));
        Assert.True(match is not null, $"no error with code={code} pointer={pointer} parameter={parameter}: {Body}");
        return match!;
    }

    public string Attribute(string name) => (string?)Data?["attributes"]?[name] ?? throw new InvalidOperationException($"no attribute {name}: {Body}");

    private static JsonNode? TryParse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
