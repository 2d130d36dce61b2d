using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Hardening;

/// <summary>
/// A seeded fuzzer over every route the server maps (read from its endpoint data source, so a new route is
/// covered without touching this file). Each round signs up a fresh account with one of each resource, then
/// sends mutated requests to every route, as admin, as a user, with a license key and anonymously: random and
/// boundary values at every JSON pointer of a valid body, wrong types, deep nesting, huge strings and arrays,
/// broken UTF-8, lone surrogates, NULs, duplicate keys, wrong content types, junk headers, bad ids in every
/// path segment and bad query values. Every answer must be below 500 and every error a JSON:API error
/// document; a refused write must leave the row count of every table unchanged.
/// Bounded for CI by a fixed seed and a time limit; LICENSESERVER_FUZZ_SECONDS and LICENSESERVER_FUZZ_SEED
/// run it longer or with another seed.
/// </summary>
public sealed class FuzzingEveryRoute
{
    private const int DefaultSeconds = 30;
    private const int DefaultSeed = 20261207;
    private const string Placeholder = "\u2063fuzz\u2063";

    private static readonly string[] WriteMethods = ["POST", "PUT", "PATCH", "DELETE"];

    /// <summary>Values put in place of a node of a valid body.</summary>
    private static readonly Func<Random, JsonNode?>[] Values =
    [
        _ => null,
        _ => true,
        _ => 0,
        _ => -1,
        _ => long.MaxValue,
        _ => long.MinValue,
        _ => JsonValue.Create(1e308),
        _ => JsonValue.Create(-0.5),
        _ => JsonValue.Create(2147483648),
        _ => JsonValue.Create(9007199254740993m),
        _ => "",
        _ => " ",
        _ => "1",
        _ => "true",
        _ => "null",
        _ => "action",
        _ => "actions",
        _ => Guid.NewGuid().ToString(),
        _ => "00000000-0000-0000-0000-000000000000",
        _ => "9999-12-31T23:59:59.999Z",
        _ => "0001-01-01T00:00:00Z",
        _ => "not a date",
        _ => "' OR 1=1 --",
        _ => "../../etc/passwd",
        _ => "%00%FF",
        _ => "caf\u00e9 \U0001F600 \u202e",
        _ => "a\0b",
        _ => new string('x', 256),
        _ => new string('x', 4097),
        _ => new string('x', 16385),
        _ => new string('\u00e9', 70000),
        r => new string((char)r.Next(32, 0xD7FF), r.Next(1, 64)),
        _ => Placeholder,
        _ => new JsonObject(),
        _ => new JsonArray(),
        _ => new JsonArray("a", 1, null, true),
        _ => new JsonArray(Enumerable.Range(0, 5000).Select(i => (JsonNode?)("item" + i)).ToArray()),
        _ => new JsonObject { ["data"] = new JsonObject { ["type"] = "users", ["id"] = Guid.NewGuid().ToString() } },
        _ => new JsonObject { ["nested"] = new JsonObject { ["deeper"] = new JsonObject { ["deepest"] = new JsonArray(new JsonArray(1)) } } },
        _ => Nest(60),
        _ => new JsonObject { ["Weird Key"] = 1, ["__proto__"] = 2, [""] = 3, ["a\0"] = 4 },
        _ => new JsonObject(Enumerable.Range(0, 100).Select(i => KeyValuePair.Create<string, JsonNode?>("k" + i, i))),
    ];

    private static readonly JsonNode[] NumberEdges =
    [
        0, -1, 1, int.MaxValue, int.MaxValue + 1L, int.MinValue, long.MaxValue, long.MinValue, 3_155_695_201L, 100_000_000_000L,
        JsonValue.Create(1e308), JsonValue.Create(0.5), JsonValue.Create(18446744073709551616m),
    ];

    private static readonly JsonNode[] TimeEdges =
    [
        "9999-12-31T23:59:59.999Z", "9999-12-31T00:00:00+14:00", "0001-01-01T00:00:00Z", "0001-01-01T00:00:00-14:00", "1970-01-01T00:00:00Z",
        "2024-02-30T00:00:00Z", "10000-01-01T00:00:00Z", "2030-01-01", "2030-01-01T00:00:00.123456789Z",
    ];

    /// <summary>Whole bodies that replace a valid one.</summary>
    private static readonly Func<Random, byte[]>[] Bodies =
    [
        _ => [],
        _ => "null"u8.ToArray(),
        _ => "[]"u8.ToArray(),
        _ => "\"text\""u8.ToArray(),
        _ => "{}"u8.ToArray(),
        _ => "{\"data\":"u8.ToArray(),
        _ => "{\"data\":{\"type\":\"products\"},\"data\":[]}"u8.ToArray(),
        _ => "{\"meta\":{\"key\":\"\\ud800\\udc00\\udc00\"}}"u8.ToArray(),
        _ => "{\"meta\":{\"a\\u0000\":1}}"u8.ToArray(),
        _ => [0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}'],
        _ => [(byte)'{', (byte)'"', 0xC0, 0x80, (byte)'"', (byte)':', (byte)'1', (byte)'}'],
        _ => [(byte)'{', (byte)'"', 0xED, 0xA0, 0x80, (byte)'"', (byte)':', (byte)'1', (byte)'}'],
        _ => Encoding.UTF8.GetBytes(new string('[', 70) + new string(']', 70)),
        _ => Encoding.UTF8.GetBytes("{\"data\":" + new string('[', 63) + new string(']', 63) + "}"),
        r =>
        {
            var bytes = new byte[r.Next(1, 512)];
            r.NextBytes(bytes);
            return bytes;
        },
        _ => Encoding.UTF8.GetBytes("{\"meta\":{\"key\":\"" + new string('k', 1024 * 1024 - 100) + "\"}}"),
        _ => Encoding.UTF8.GetBytes("{\"x\":\"" + new string('k', 1024 * 1024 + 10) + "\"}"),
    ];

    private static readonly string[] BadSegments =
    [
        "", " ", "..", ".", "%00", "a%00b", "%FF", "%C0%80", "%ED%A0%80", "action", "actions", "null", "-1", "0",
        "00000000-0000-0000-0000-000000000000", "%F0%9F%92%A5", "a.b", "a%2Fb", "%27%20or%201%3D1", "%25", "%",
        "x%zz", "%E2%80%AE", new string('z', 4000), "A" + new string('-', 40),
    ];

    private static readonly string[] Queries =
    [
        "limit=-1", "limit=abc", "limit=100000000000000000000", "page[number]=0", "page[size]=1000000", "page[number]=1&page[size]=5",
        "page[cursor]=x", "page[cursor]=", "page=foo", "page[]=1", "metadata[x]=y", "metadata=foo", "metadata[a][b]=c",
        "metadata[%00]=x", "metadata[k]=%00", "fingerprint[]=a", "fingerprint=%00", "status=WEIRD", "status[]=ACTIVE",
        "expires[before]=notadate", "expires[within]=-5", "expired[in]=x", "activations[gt]=abc", "activations[lte]=-1",
        "activity[inside]=x", "product=%FF", "policy=x", "owner=%00", "user=a%40b", "user[]=1", "roles[]=god", "roles=admin",
        "token=%00", "auth=license%3Ax", "auth=token%3A", "events[]=%00", "events[]=license.created", "events=x",
        "a[b][c][d][e]=1", "x=%FF%FE", "&&&=", "=", "%zz=%zz", "include=foo", "encrypt=maybe", "ttl=-1", "ttl=abc",
        "algorithm=none", "prefer=no-download", "environment=x", "assigned=maybe", "suspended=2", "key=%00",
        "machine=" + new string('m', 3000),
    ];

    private static readonly string[] ContentTypes =
    [
        "application/vnd.api+json", "application/json", "text/plain", "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded", "application/xml", "application/json; charset=latin1", "garbage",
        "application/vnd.api+json; ext=\"bulk\"",
    ];

    private static readonly (string Name, string Value)[] JunkHeaders =
    [
        ("Accept", "text/html"), ("Accept", "*"), ("Accept", "application/octet-stream"), ("Accept", ";;;,,"),
        ("Keygen-Version", "abc"), ("Keygen-Version", "1.0"), ("Keygen-Version", "v1.3"), ("Keygen-Version", "99.99"),
        ("Keygen-Accept-Signature", "algorithm=\"nope\""), ("Keygen-Accept-Signature", "keyid=\"x\", algorithm=\"ed25519\""),
        ("Keygen-Accept-Signature", "\"\"\""), ("Keygen-Environment", "prod"), ("X-Forwarded-For", "999.1.1.1, junk"),
        ("Content-Length", "x"), ("Prefer", "no-download"), ("Accept-Encoding", "br;q=abc"),
        ("Authorization", "Bearer"), ("Authorization", "Bearer " + new string('t', 8000)), ("Authorization", "Basic !!!"),
        ("Authorization", "Basic " + Convert.ToBase64String("a\0b@example.com:pw"u8)), ("Authorization", "Basic " + Convert.ToBase64String([0xff, 0x3a])),
        ("Authorization", "License "), ("Authorization", "Token 00000000-0000-0000-0000-000000000000"), ("Authorization", "Digest x"),
        ("Authorization", "Basic " + Convert.ToBase64String("license:"u8)),
    ];

    [Fact]
    public async Task No_request_to_any_route_gets_a_5xx_or_a_non_json_api_error_or_a_partial_write()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("LICENSESERVER_FUZZ_SECONDS"), out var s) ? s : DefaultSeconds;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("LICENSESERVER_FUZZ_SEED"), out var n) ? n : DefaultSeed;
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>());
        var routes = Routes(app);
        Assert.True(routes.Count > 100, $"only {routes.Count} routes found");

        using var http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
        })
        { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var counter = new RowCounter(app);
        var random = new Random(seed);
        var failures = new List<string>();
        var sent = 0;
        var statuses = new SortedDictionary<int, int>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds) && failures.Count < 20)
        {
            var fixture = await Fixture.SeedAsync(app);
            var adminTokenRegenerated = false;
            foreach (var route in routes.OrderBy(_ => random.Next()))
            {
                for (var i = 0; i < 3 && !adminTokenRegenerated && clock.Elapsed < TimeSpan.FromSeconds(seconds); i++)
                {
                    var request = Mutate(random, route, fixture);
                    var (status, failure) = await SendAndCheckAsync(http, counter, request);
                    statuses[status] = statuses.GetValueOrDefault(status) + 1;

                    // PUT /tokens regenerates the bearer's own token: the admin's is gone, so seed a new account.
                    adminTokenRegenerated = status == 200 && route.Method == "PUT" && route.Pattern.EndsWith("{account}/tokens", StringComparison.Ordinal);
                    sent++;
                    if (failure is not null)
                    {
                        failures.Add($"{failure}\n    {request}");
                    }
                }

                if (adminTokenRegenerated)
                {
                    break;
                }
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"seed {seed}: {sent} requests over {routes.Count} routes in {clock.Elapsed.TotalSeconds:F0} s; statuses "
            + string.Join(", ", statuses.Select(p => $"{p.Key}×{p.Value}")));
        Assert.True(failures.Count == 0,
            $"seed {seed}: {failures.Count} failure(s) in {sent} requests over {routes.Count} routes:\n" + string.Join("\n", failures));
    }

    /// <summary>Every (method, route pattern) the server maps, read from its endpoint data source.</summary>
    private static List<(string Method, string Pattern)> Routes(TestApp app) =>
        app.GetService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith("/v1", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, e.RoutePattern.RawText!.TrimEnd('/'))))
            .Distinct()
            .OrderBy(r => r.Item2, StringComparer.Ordinal).ThenBy(r => r.m, StringComparer.Ordinal)
            .ToList();

    /// <summary>Sends the request; answers its status and what is wrong with the answer, if anything.</summary>
    private static async Task<(int Status, string? Failure)> SendAndCheckAsync(HttpClient http, RowCounter counter, FuzzRequest request)
    {
        var isWrite = WriteMethods.Contains(request.Method);
        var before = isWrite ? await counter.CountAsync() : null;
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Target);
        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }
        }

        int status;
        string text;
        string? mediaType;
        try
        {
            using var response = await http.SendAsync(message);
            status = (int)response.StatusCode;
            mediaType = response.Content.Headers.ContentType?.MediaType;
            text = await response.Content.ReadAsStringAsync();
        }
        catch (HttpRequestException e)
        {
            return (0, $"transport failure {e.Message}");
        }

        // The health probes answer 5xx by design (no live job worker, no database): that is their answer, not a failure.
        if (status >= 500 && request.Target.StartsWith("/v1/health", StringComparison.Ordinal))
        {
            return (status, null);
        }

        if (status >= 500)
        {
            return (status, $"{status}: {Truncate(text)}");
        }

        if (status >= 400)
        {
            // Kestrel refuses a few request targets itself (one that decodes to a NUL) with a bare 400 before the app runs.
            var refusedByKestrel = status == 400 && text.Length == 0 && mediaType is null && request.Target.Contains("%00", StringComparison.Ordinal);
            // A HEAD answer never has a body (the storage routes serve HEAD): its error document is the GET's.
            var head = request.Method == "HEAD" && text.Length == 0;
            if (!refusedByKestrel && !head && !IsErrorDocument(text))
            {
                return (status, $"{status} without a JSON:API error document: {Truncate(text)}");
            }

            if (isWrite && before is not null)
            {
                var after = await counter.CountAsync();
                var changed = before.Where(b => after[b.Key] != b.Value).Select(b => $"{b.Key} {b.Value}→{after[b.Key]}").ToList();
                if (changed.Count > 0)
                {
                    return (status, $"{status} but rows changed: {string.Join(", ", changed)}");
                }
            }
        }

        return (status, null);
    }

    private static bool IsErrorDocument(string text)
    {
        try
        {
            var errors = JsonNode.Parse(text)?["errors"] as JsonArray;
            return errors is { Count: > 0 } && errors.All(e => e?["title"]?.GetValueKind() == JsonValueKind.String);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// One request to the route, mostly with one thing wrong: a body value (most often), the whole body, a path
    /// segment, the query, a header or the content type; the credentials are the admin's, a user's, a license key or none.
    /// </summary>
    private static FuzzRequest Mutate(Random random, (string Method, string Pattern) route, Fixture fixture)
    {
        var (method, pattern) = route;
        var template = Template(method, pattern, fixture);
        var mutation = random.Next(100) switch
        {
            < 45 => template is null ? Mutation.Query : Mutation.BodyValue,
            < 53 => Mutation.WholeBody,
            < 66 => Mutation.PathSegment,
            < 78 => Mutation.Query,
            < 88 => Mutation.Header,
            < 94 => Mutation.ContentType,
            _ => Mutation.None,
        };

        var segments = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var parameters = Enumerable.Range(0, segments.Length).Where(i => segments[i].StartsWith('{')).ToList();
        var badSegment = mutation == Mutation.PathSegment && parameters.Count > 0 ? parameters[random.Next(parameters.Count)] : -1;
        var path = new StringBuilder();
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            path.Append('/');
            if (!segment.StartsWith('{'))
            {
                path.Append(segment);
                continue;
            }

            path.Append(i == badSegment
                ? BadSegments[random.Next(BadSegments.Length)]
                : Uri.EscapeDataString(fixture.IdFor(segment.Trim('{', '}'), segments[i - 1], random)));
        }

        var query = mutation == Mutation.Query
            ? "?" + string.Join('&', Enumerable.Range(0, random.Next(1, 4)).Select(_ => Queries[random.Next(Queries.Length)]))
            : string.Empty;

        var headers = new List<(string, string)> { ("Accept", "application/vnd.api+json") };
        switch (random.Next(20))
        {
            case < 12:
                headers.Add(("Authorization", "Bearer " + fixture.AdminToken));
                break;
            case < 15:
                headers.Add(("Authorization", "Bearer " + fixture.UserToken));
                break;
            case < 17:
                headers.Add(("Authorization", "License " + fixture.LicenseKey));
                break;
        }

        if (mutation == Mutation.Header)
        {
            var junk = JunkHeaders[random.Next(JunkHeaders.Length)];
            headers.RemoveAll(h => h.Item1 == junk.Name);
            headers.Add(junk);
        }

        var body = mutation switch
        {
            Mutation.WholeBody => Bodies[random.Next(Bodies.Length)](random),
            Mutation.BodyValue => Encoding.UTF8.GetBytes(MutateJson(random, template!)),
            _ => template is null ? null : Encoding.UTF8.GetBytes(template.ToJsonString()),
        };
        var contentType = mutation == Mutation.ContentType
            ? random.Next(4) == 0 ? null : ContentTypes[random.Next(ContentTypes.Length)]
            : "application/vnd.api+json";
        return new FuzzRequest(method, path + query, headers, body, contentType);
    }

    private enum Mutation
    {
        None,
        BodyValue,
        WholeBody,
        PathSegment,
        Query,
        Header,
        ContentType,
    }

    /// <summary>The template with one node replaced, removed or joined by an unknown sibling, or a key duplicated.</summary>
    private static string MutateJson(Random random, JsonNode template)
    {
        var root = template.DeepClone();
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        var leaves = nodes.Where(node => node is JsonValue).ToList();
        var target = leaves.Count > 0 && random.Next(10) < 7 ? leaves[random.Next(leaves.Count)] : nodes[random.Next(nodes.Count)];
        var kind = random.Next(8);
        if (target.Parent is null || kind == 7)
        {
            if (target is JsonObject obj)
            {
                obj["unknownMember"] = Values[random.Next(Values.Length)](random);
            }
        }
        else if (kind == 6 && target.Parent is JsonObject parentObject)
        {
            parentObject.Remove(target.GetPropertyName());
        }
        else
        {
            // Text the database or .NET cannot hold is the likeliest to get through to a query, and edges of the
            // type already there the likeliest to get past the shape checks: send both often.
            var edges = target.GetValueKind() switch
            {
                JsonValueKind.Number => NumberEdges,
                JsonValueKind.String when DateTime.TryParse(target.GetValue<string>(), out _) => TimeEdges,
                _ => [],
            };
            var value = random.Next(5) switch
            {
                0 => random.Next(2) == 0 ? Placeholder : "a\0b",
                1 or 2 when edges.Length > 0 => edges[random.Next(edges.Length)].DeepClone(),
                _ => Values[random.Next(Values.Length)](random),
            };
            switch (target.Parent)
            {
                case JsonObject parent:
                    parent[target.GetPropertyName()] = value;
                    break;
                case JsonArray array:
                    array[target.GetElementIndex()] = value;
                    break;
            }
        }

        var text = root.ToJsonString();
        if (random.Next(8) == 0)
        {
            // A duplicate key: the first member repeated at the start of the first object.
            var brace = text.IndexOf('{', 1);
            if (brace > 0 && text.IndexOf(':', brace) is var colon and > 0 && text.IndexOf(',', colon) is var comma and > 0)
            {
                text = text.Insert(brace + 1, text[(brace + 1)..(comma + 1)]);
            }
        }

        var surrogate = random.Next(3) switch { 0 => "\\ud800", 1 => "x\\udfffy", _ => "\\ud83d\\u0000" };
        return text.Replace(JsonSerializer.Serialize(Placeholder)[1..^1], surrogate, StringComparison.Ordinal);
    }

    private static void Collect(JsonNode? node, List<JsonNode> nodes)
    {
        if (node is null)
        {
            return;
        }

        nodes.Add(node);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    Collect(child, nodes);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Collect(child, nodes);
                }

                break;
        }
    }

    private static JsonNode Nest(int depth)
    {
        JsonNode node = new JsonArray();
        for (var i = 0; i < depth; i++)
        {
            node = new JsonObject { ["n"] = node };
        }

        return node;
    }

    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "…" : text;

    /// <summary>A valid body for a route, or null for routes that take none.</summary>
    private static JsonNode? Template(string method, string pattern, Fixture f)
    {
        if (method is "GET")
        {
            return null;
        }

        static JsonNode Linkage(string type, string id) => new JsonObject { ["data"] = new JsonObject { ["type"] = type, ["id"] = id } };
        static JsonNode Linkages(string type, string id) => new JsonObject { ["data"] = new JsonArray(new JsonObject { ["type"] = type, ["id"] = id }) };
        static JsonNode Resource(string type, JsonObject attributes, JsonObject? relationships = null)
        {
            var data = new JsonObject { ["type"] = type, ["attributes"] = attributes };
            if (relationships is not null)
            {
                data["relationships"] = relationships;
            }

            return new JsonObject { ["data"] = data };
        }

        static JsonNode Meta(JsonObject meta) => new JsonObject { ["meta"] = meta };
        var unique = Guid.NewGuid().ToString("N")[..12];
        var scope = new JsonObject
        {
            ["product"] = f.ProductId,
            ["policy"] = f.PolicyId,
            ["user"] = f.UserId,
            ["machine"] = f.MachineId,
            ["fingerprint"] = f.Fingerprint,
            ["fingerprints"] = new JsonArray(f.Fingerprint),
            ["components"] = new JsonArray("c-" + unique),
            ["entitlements"] = new JsonArray(f.EntitlementCode),
            ["checksum"] = "abc",
            ["version"] = "1.0.0",
        };
        var last = pattern[(pattern.LastIndexOf('/') + 1)..];
        var collection = pattern.Split('/').Skip(4).FirstOrDefault() ?? string.Empty;
        return (collection, last) switch
        {
            (_, "validate-key") => Meta(new JsonObject { ["key"] = f.LicenseKey, ["nonce"] = 1, ["scope"] = scope }),
            (_, "validate") => Meta(new JsonObject { ["nonce"] = 1, ["scope"] = scope }),
            (_, "check-out") => Meta(new JsonObject { ["include"] = new JsonArray("entitlements", "product"), ["ttl"] = 3600, ["encrypt"] = false, ["algorithm"] = "ed25519" }),
            (_, "increment-usage") => Meta(new JsonObject { ["increment"] = 1 }),
            (_, "decrement-usage") => Meta(new JsonObject { ["decrement"] = 1 }),
            (_, "update-password") => Meta(new JsonObject { ["oldPassword"] = TestApp.Password, ["newPassword"] = TestApp.Password }),
            (_, "reset-password") => Meta(new JsonObject { ["passwordResetToken"] = "x" + unique, ["newPassword"] = TestApp.Password }),
            (_, "passwords") => Meta(new JsonObject { ["email"] = f.UserEmail, ["deliver"] = false }),
            (_, "policy") => Linkage("policies", f.PolicyId),
            (_, "owner" or "user") => Linkage("users", f.UserId),
            (_, "group") => Linkage("groups", f.GroupId),
            ("licenses" or "groups", "users" or "owners") => Linkages("users", f.UserId),
            ("licenses" or "policies", "entitlements") => Linkages("entitlements", f.EntitlementId),
            (_, "tokens") => Resource("tokens", new JsonObject { ["name"] = "t", ["expiry"] = "2030-01-01T00:00:00Z" }),
            (_, _) when pattern.Contains("/actions/", StringComparison.Ordinal) => Meta([]),
            (_, "accounts") when pattern == "/v1/accounts" => Resource("accounts", new JsonObject { ["name"] = "Fuzz", ["slug"] = "f" + unique },
                new JsonObject { ["admins"] = new JsonObject { ["data"] = new JsonArray(new JsonObject { ["type"] = "users", ["attributes"] = new JsonObject { ["email"] = $"a{unique}@example.com", ["password"] = TestApp.Password } }) } }),
            (_, "{account}") => Resource("accounts", new JsonObject { ["name"] = "Fuzz", ["apiVersion"] = "1.8" }),
            ("products", _) => Resource("products", new JsonObject
            {
                ["name"] = "P",
                ["code"] = "p" + unique,
                ["distributionStrategy"] = "LICENSED",
                ["url"] = "https://example.com",
                ["platforms"] = new JsonArray("win", "mac"),
                ["metadata"] = new JsonObject { ["a"] = 1, ["b"] = new JsonObject { ["c"] = "d" } },
            }),
            ("policies", _) => Resource("policies", new JsonObject
            {
                ["name"] = "Pol",
                ["duration"] = 86400,
                ["maxMachines"] = 5,
                ["floating"] = true,
                ["strict"] = false,
                ["maxUses"] = 10,
                ["requireHeartbeat"] = false,
                ["expirationStrategy"] = "RESTRICT_ACCESS",
                ["metadata"] = new JsonObject { ["k"] = "v" },
            }, new JsonObject { ["product"] = Linkage("products", f.ProductId) }),
            ("licenses", _) => Resource("licenses", new JsonObject
            {
                ["name"] = "L",
                ["expiry"] = "2030-01-01T00:00:00Z",
                ["maxMachines"] = 3,
                ["metadata"] = new JsonObject { ["orderId"] = "A-1" },
            }, new JsonObject { ["policy"] = Linkage("policies", f.PolicyId), ["owner"] = Linkage("users", f.UserId) }),
            ("machines", _) => Resource("machines", new JsonObject
            {
                ["fingerprint"] = "fp-" + unique,
                ["name"] = "M",
                ["platform"] = "linux",
                ["hostname"] = "host",
                ["ip"] = "10.0.0.1",
                ["cores"] = 4,
                ["metadata"] = new JsonObject(),
            }, new JsonObject { ["license"] = Linkage("licenses", f.LicenseId) }),
            ("components", _) => Resource("components", new JsonObject { ["fingerprint"] = "c-" + unique, ["name"] = "cpu", ["metadata"] = new JsonObject() },
                new JsonObject { ["machine"] = Linkage("machines", f.MachineId) }),
            ("processes", _) => Resource("processes", new JsonObject { ["pid"] = unique, ["metadata"] = new JsonObject() },
                new JsonObject { ["machine"] = Linkage("machines", f.MachineId) }),
            ("users", _) => Resource("users", new JsonObject
            {
                ["email"] = $"u{unique}@example.com",
                ["firstName"] = "A",
                ["lastName"] = "B",
                ["password"] = TestApp.Password,
                ["metadata"] = new JsonObject(),
            }),
            ("groups", _) => Resource("groups", new JsonObject { ["name"] = "G", ["maxUsers"] = 5, ["maxLicenses"] = 5, ["maxMachines"] = 5, ["metadata"] = new JsonObject() }),
            ("entitlements", _) => Resource("entitlements", new JsonObject { ["name"] = "E", ["code"] = "e" + unique, ["metadata"] = new JsonObject() }),
            ("webhook-endpoints", _) => Resource("webhook-endpoints", new JsonObject
            {
                ["url"] = "https://example.com/hook",
                ["subscriptions"] = new JsonArray("license.created"),
                ["signatureAlgorithm"] = "ed25519",
                ["apiVersion"] = "1.8",
            }),
            ("keys", _) => Resource("keys", new JsonObject { ["key"] = "pooled-" + unique }, new JsonObject { ["policy"] = Linkage("policies", f.PolicyId) }),
            _ => null,
        };
    }

    private sealed record FuzzRequest(string Method, string Target, List<(string Name, string Value)> Headers, byte[]? Body, string? ContentType)
    {
        public override string ToString()
        {
            var body = Body is null ? "(no body)" : Encoding.UTF8.GetString(Body);
            return $"{Method} {(Target.Length > 200 ? Target[..200] + "…" : Target)} [{string.Join("; ", Headers.Select(h => $"{h.Name}: {(h.Value.Length > 60 ? h.Value[..60] + "…" : h.Value)}"))}] "
                + $"Content-Type: {ContentType ?? "(none)"} body: {Truncate(body)}";
        }
    }

    /// <summary>An account with one of each resource; its ids and secrets fill the route parameters and bodies.</summary>
    private sealed record Fixture(
        string AccountId, string AdminToken, string ProductId, string PolicyId, string LicenseId, string LicenseKey, string MachineId, string Fingerprint,
        string UserId, string UserEmail, string UserToken, string GroupId, string EntitlementId, string EntitlementCode, string WebhookEndpointId,
        string TokenId, string KeyId, string ComponentId, string ProcessId)
    {
        public static async Task<Fixture> SeedAsync(TestApp app)
        {
            var account = await app.CreateAccountAsync();
            var admin = app.Admin(account);
            async Task<string> CreateAsync(string path, object body)
            {
                var response = await admin.PostAsync(account.Path(path), body);
                return (string)response.Expect(201).Data!["id"]!;
            }

            var product = await app.CreateProductAsync(account);
            var policy = await app.CreatePolicyAsync(account, new { name = "Fuzzed", maxMachines = 100, floating = true, duration = 31_556_952 }, product);
            var (userId, userToken) = await app.CreateUserAsync(account);
            var license = await app.CreateLicenseAsync(account, policy, ownerId: userId);
            var licenseId = (string)license.Data!["id"]!;
            var fingerprint = "fp-" + Guid.NewGuid().ToString("N");
            var machine = await CreateAsync("machines", new { data = new { type = "machines", attributes = new { fingerprint }, relationships = new { license = new { data = new { type = "licenses", id = licenseId } } } } });
            var group = await CreateAsync("groups", new { data = new { type = "groups", attributes = new { name = "G" } } });
            var code = "ent-" + Guid.NewGuid().ToString("N")[..8];
            var entitlement = await CreateAsync("entitlements", new { data = new { type = "entitlements", attributes = new { name = "E", code } } });
            var webhook = await CreateAsync("webhook-endpoints", new { data = new { type = "webhook-endpoints", attributes = new { url = "https://example.com/hook" } } });
            var token = await admin.PostAsync(account.Path("tokens"), new { data = new { type = "tokens", attributes = new { name = "spare" } } });
            var tokenId = (string)token.Expect(201).Data!["id"]!;
            var poolPolicy = await app.CreatePolicyAsync(account, new { name = "Pool", usePool = true }, product);
            var key = await CreateAsync("keys", new { data = new { type = "keys", attributes = new { key = "pooled-" + Guid.NewGuid().ToString("N") }, relationships = new { policy = new { data = new { type = "policies", id = poolPolicy } } } } });
            var component = await CreateAsync("components", new { data = new { type = "components", attributes = new { fingerprint = "c-" + Guid.NewGuid().ToString("N"), name = "cpu" }, relationships = new { machine = new { data = new { type = "machines", id = machine } } } } });
            var process = await CreateAsync("processes", new { data = new { type = "processes", attributes = new { pid = "4242" }, relationships = new { machine = new { data = new { type = "machines", id = machine } } } } });
            var email = await app.QueryAsync(db => db.Users.Where(u => u.Id == Guid.Parse(userId)).Select(u => u.Email).SingleAsync());
            return new Fixture(account.Id.ToString(), account.AdminToken, product, policy, licenseId, license.Attribute("key"), machine, fingerprint,
                userId, email, userToken, group, entitlement, code, webhook, tokenId, key, component, process);
        }

        /// <summary>A value for a route parameter: the seeded resource (by id, or sometimes by its secondary key) or an unknown id.</summary>
        public string IdFor(string parameter, string previousSegment, Random random)
        {
            if (random.Next(12) == 0)
            {
                return Guid.NewGuid().ToString();
            }

            var alias = random.Next(3) == 0;
            var kind = parameter == "id" ? previousSegment : parameter;
            return kind switch
            {
                "account" or "accounts" => AccountId,
                "products" or "product" => ProductId,
                "policies" or "policy" => PolicyId,
                "licenses" or "license" => alias ? LicenseKey : LicenseId,
                "machines" or "machine" => alias ? Fingerprint : MachineId,
                "users" or "user" or "owner" => alias ? UserEmail : UserId,
                "groups" or "group" => GroupId,
                "entitlements" or "entitlement" => alias ? EntitlementCode : EntitlementId,
                "webhook-endpoints" => WebhookEndpointId,
                "tokens" or "token" => TokenId,
                "keys" or "key" => KeyId,
                "components" or "component" => ComponentId,
                "processes" or "process" => ProcessId,
                _ => Guid.NewGuid().ToString(),
            };
        }
    }

    /// <summary>Row counts of every table of the model, in one round trip.</summary>
    private sealed class RowCounter(TestApp app)
    {
        private string? _sql;
        private List<string>? _tables;

        public async Task<Dictionary<string, long>> CountAsync() =>
            await app.QueryAsync(async db =>
            {
                if (_sql is null)
                {
                    // Not the event log nor webhook events: validation events (and their webhooks) are written after
                    // the response of an earlier request, so they land at any time. Nor request logs: every request,
                    // refused or not, is logged, after its response.
                    _tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>()
                        .Where(t => t is not ("events" or "webhook_events" or "request_logs")).Distinct().Order().ToList();
                    _sql = "SELECT concat_ws(',', " + string.Join(", ", _tables.Select(t => $"(SELECT count(*) FROM \"{t}\")")) + ") AS \"Value\"";
                }

                var row = await db.Database.SqlQueryRaw<string>(_sql).SingleAsync();
                return row.Split(',').Select((count, i) => (_tables![i], long.Parse(count))).ToDictionary(p => p.Item1, p => p.Item2);
            });
    }
}
