using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace LicenseServer.Benchmarks;

/// <summary>
/// Before measuring: the seeded rows must be what the server expects. A sample of keys must validate as VALID
/// (with and without a fingerprint scope, and by id with the license's token), and a read, a ping and an
/// activation must succeed, on the server and on the reference host. Any failure stops the benchmark.
/// </summary>
public static class PreCheck
{
    private const string MediaType = "application/vnd.api+json";

    public static async Task RunAsync(string serverUrl, string referenceUrl, SeedManifest seed, int sample, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var account = $"{serverUrl}/v1/accounts/{seed.AccountId}";
        var failures = new List<string>();

        async Task ExpectAsync(string what, HttpMethod method, string url, string? body, string? token, int status, string? code = null)
        {
            using var request = new HttpRequestMessage(method, url);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaType));
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, MediaType);
            }

            using var response = await http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            var actual = code is null ? null : JsonNode.Parse(text)?["meta"]?["code"]?.GetValue<string>();
            if ((int)response.StatusCode != status || actual != code)
            {
                failures.Add($"{what}: expected {status} {code}, got {(int)response.StatusCode} {actual}: {text[..Math.Min(text.Length, 400)]}");
            }
        }

        foreach (var key in Lines(seed.Files.Keys, sample))
        {
            await ExpectAsync("validate-key", HttpMethod.Post, $"{account}/licenses/actions/validate-key", KeyBody(key[0]), null, 200, "VALID");
        }

        foreach (var line in Lines(seed.Files.KeyFingerprints, sample / 2))
        {
            var body = new JsonObject { ["meta"] = new JsonObject { ["key"] = line[0], ["scope"] = new JsonObject { ["fingerprint"] = line[1] } } }.ToJsonString();
            await ExpectAsync("validate-key with fingerprint", HttpMethod.Post, $"{account}/licenses/actions/validate-key", body, null, 200, "VALID");
        }

        foreach (var line in Lines(seed.Files.LicenseTokens, sample / 5))
        {
            await ExpectAsync("validate with a license token", HttpMethod.Post, $"{account}/licenses/{line[0]}/actions/validate", """{"meta":{}}""", line[1], 200, "VALID");
        }

        foreach (var line in Lines(seed.Files.LicenseIds, 10))
        {
            await ExpectAsync("get-license", HttpMethod.Get, $"{account}/licenses/{line[0]}", null, seed.AdminToken, 200);
        }

        foreach (var line in Lines(seed.Files.PingMachines, 5))
        {
            await ExpectAsync("ping", HttpMethod.Post, $"{account}/machines/{line[0]}/actions/ping", null, seed.AdminToken, 200);
        }

        var activation = Lines(seed.Files.ActivationLicenses, 1)[0][0];
        await ExpectAsync("activate", HttpMethod.Post, $"{account}/machines", ActivationBody(activation), seed.AdminToken, 201);

        var sampleKey = Lines(seed.Files.Keys, 1)[0][0];
        await ExpectAsync("reference R1", HttpMethod.Post, $"{referenceUrl}/r1/validate-key", KeyBody(sampleKey), null, 200, "VALID");
        await ExpectAsync("reference R2", HttpMethod.Post, $"{referenceUrl}/r2/validate-key", KeyBody(sampleKey), null, 200, "VALID");
        await ExpectAsync("reference R3", HttpMethod.Post, $"{referenceUrl}/r3/machines", ActivationBody(activation), null, 201);

        if (failures.Count > 0)
        {
            throw new InvalidOperationException(
                $"Pre-check failed ({failures.Count} problems); the seeded data or the server is wrong:\n  " + string.Join("\n  ", failures.Take(20)));
        }

        Console.WriteLine($"Pre-check passed: {sample} keys VALID, fingerprint and token validations VALID, read, ping and activation OK.");
    }

    private static string KeyBody(string key) => new JsonObject { ["meta"] = new JsonObject { ["key"] = key } }.ToJsonString();

    private static string ActivationBody(string licenseId) =>
        new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["type"] = "machines",
                ["attributes"] = new JsonObject { ["fingerprint"] = $"precheck-{Guid.NewGuid():N}" },
                ["relationships"] = new JsonObject { ["license"] = new JsonObject { ["data"] = new JsonObject { ["type"] = "licenses", ["id"] = licenseId } } },
            },
        }.ToJsonString();

    private static List<string[]> Lines(string path, int count) =>
        File.ReadLines(path).Take(Math.Max(1, count)).Select(l => l.Split(' ')).ToList();
}
