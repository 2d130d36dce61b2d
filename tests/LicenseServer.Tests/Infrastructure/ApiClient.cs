using System.Text;
using System.Text.Json;

namespace LicenseServer.Tests.Infrastructure;

/// <summary>Sends JSON:API requests over real HTTP, with an optional Authorization header.</summary>
public sealed class ApiClient(HttpClient http, string? authorization)
{
    public const string JsonApi = "application/vnd.api+json";

    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<ApiResponse> PostAsync(string path, object? body = null) => SendAsync(HttpMethod.Post, path, body);

    public Task<ApiResponse> PatchAsync(string path, object? body) => SendAsync(HttpMethod.Patch, path, body);

    public Task<ApiResponse> PutAsync(string path, object? body = null) => SendAsync(HttpMethod.Put, path, body);

    public Task<ApiResponse> DeleteAsync(string path, object? body = null) => SendAsync(HttpMethod.Delete, path, body);

    public Task<ApiResponse> SendAsync(HttpMethod method, string path, object? body = null) =>
        SendRawAsync(method, path, body is null ? null : JsonSerializer.Serialize(body), JsonApi);

    /// <summary>Sends a literal body with the given content type (null: no Content-Type header).</summary>
    public async Task<ApiResponse> SendRawAsync(HttpMethod method, string path, string? body, string? contentType, string? accept = JsonApi,
        IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null)
            {
                // Sent as written: some tests send a Content-Type that is not a valid media type.
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ApiResponse((int)response.StatusCode, response.Headers, response.Content.Headers, text);
    }

    public static string Basic(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
}
