using System.Text.Json.Nodes;
using LicenseServer.Api.RateLimits;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LicenseServer.Api.Docs;

/// <summary>
/// Describes what the generator cannot see (handlers read their bodies by hand and take a custom-bound caller): the auth
/// schemes, the JSON:API error document, a resource schema per type of <see cref="ResourceTypes"/>, and for each operation
/// its tag, security, request body and responses, inferred from its path and method.
/// </summary>
public sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    private const string AccountPrefix = "/v1/accounts/{account}";

    /// <summary>The second base of the analytics routes, where Keygen serves them.</summary>
    private const string DashAccountPrefix = "/-/accounts/{account}";
    private const string Linkage = "Linkage";

    /// <summary>Routes that need no credentials (health, sign-up, password reset, key validation).</summary>
    private static readonly string[] Anonymous =
    [
        "GET /v1/ping", "GET /v1/health", "GET /v1/health/ready", "GET /v1/health/webhooks", "GET /v1/accounts/{account}/ping", "POST /v1/accounts",
        "POST /v1/accounts/{account}/passwords", "POST /v1/accounts/{account}/licenses/actions/validate-key",
    ];

    /// <summary>The <c>meta</c> members an action's body takes (<c>name:type</c>; <c>!</c> when the body is required).</summary>
    private static readonly Dictionary<string, string> ActionMeta = new(StringComparer.Ordinal)
    {
        ["validate-key!"] = "key:string nonce:integer scope:object encrypted:boolean",
        ["validate"] = "nonce:integer scope:object",
        ["update-password!"] = "oldPassword:string newPassword:string",
        ["reset-password!"] = "passwordResetToken:string newPassword:string",
        ["increment-usage"] = "increment:integer",
        ["decrement-usage"] = "decrement:integer",
        ["passwords!"] = "email:string deliver:boolean",
        ["second-factors"] = "password:string otp:string",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "LicenseServer API",
            Version = "v1",
            Description = "A Keygen-compatible licensing API (JSON:API, media type `application/vnd.api+json`; `application/json` is "
                + "accepted too). Every account-scoped route is documented in its `/v1/accounts/{account}/…` form; the same route "
                + "also answers without the account segment (`/v1/licenses` stands for `/v1/accounts/-/licenses`, the default "
                + "account), as Keygen's SDKs call a self-hosted server. `{account}` is the account's id or slug.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            ["bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API token (admin, environment, product, user or license token): `Authorization: Bearer <token>`.",
            },
            ["basic"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "basic",
                Description = "A user's email and password, to generate a token (`POST /v1/accounts/{account}/tokens`).",
            },
            ["license"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "Authorization",
                Description = "A license key, for the routes a license may use on itself: `Authorization: License <key>`.",
            },
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ErrorResponses.Schema] = ErrorSchema();
        document.Components.Schemas[Linkage] = Object(("type", Typed(JsonSchemaType.String)), ("id", Typed(JsonSchemaType.String)));
        foreach (var resource in ResourceTypes.All)
        {
            document.Components.Schemas[resource.Type] = ResourceSchema(resource, document);
        }

        // Rate limits are endpoint metadata (the operator's public limits) or a handler that counts password attempts.
        var throttled = context.DescriptionGroups.SelectMany(g => g.Items)
            .Where(d => d.ActionDescriptor.EndpointMetadata.Any(m => m is PublicRateLimited
                || m is System.Reflection.MethodInfo handler && handler.GetParameters().Any(p => p.ParameterType == typeof(PasswordThrottles))))
            .Select(d => $"{d.HttpMethod} /{d.RelativePath?.TrimEnd('/')}")
            .ToHashSet(StringComparer.Ordinal);
        document.Tags = new HashSet<OpenApiTag>();
        foreach (var (path, item) in document.Paths)
        {
            foreach (var (method, operation) in item.Operations ?? [])
            {
                Describe(document, path, method.Method, operation, throttled.Contains($"{method.Method} {path}"));
            }
        }

        return Task.CompletedTask;
    }

    private static void Describe(OpenApiDocument document, string path, string method, OpenApiOperation operation, bool throttled)
    {
        var route = $"{method} {path}";
        var prefix = path.StartsWith(DashAccountPrefix, StringComparison.Ordinal) ? DashAccountPrefix : AccountPrefix;
        var inAccount = path.StartsWith(prefix, StringComparison.Ordinal);
        var segments = (inAccount ? path[prefix.Length..] : path[3..]).Split('/', StringSplitOptions.RemoveEmptyEntries);
        var literals = segments.Where(s => !s.StartsWith('{')).ToArray();
        var action = Array.IndexOf(literals, "actions") is var at and >= 0 && at + 1 < literals.Length ? literals[at + 1] : null;
        var analytics = literals.FirstOrDefault() == "analytics";
        var type = analytics ? null : literals.Where(s => s != "actions").Select(ResourceTypes.OfSegment).LastOrDefault(t => t is not null)
            ?? (path == AccountPrefix || path == "/v1/accounts" ? "accounts" : null);
        var tag = type ?? (literals.FirstOrDefault() is { } first && first is "ping" or "health" ? "health" : literals.FirstOrDefault() ?? "accounts");
        document.Tags ??= new HashSet<OpenApiTag>();
        if (!document.Tags.Any(t => t.Name == tag))
        {
            document.Tags.Add(new OpenApiTag { Name = tag });
        }

        operation.Tags = new HashSet<OpenApiTagReference> { new(tag, document) };
        operation.Summary ??= action is null ? route : $"{action} ({route})";
        operation.Security = Anonymous.Contains(route)
            ? []
            : path == AccountPrefix + "/tokens" && method == "POST"
                ? [Requirement(document, "basic"), Requirement(document, "bearer")]
                : [Requirement(document, "bearer"), Requirement(document, "license")];

        // The account (and any segment a handler reads itself, through its custom-bound caller) is a path parameter too.
        operation.Parameters ??= [];
        foreach (var stray in operation.Parameters.Where(p => p.In == ParameterLocation.Query && p.Name == "id").ToList())
        {
            // A handler shared by /actions/validate-key and /{id}/actions/validate-key has an optional id: a path segment, never a query.
            operation.Parameters.Remove(stray);
        }

        foreach (var segment in path.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}')))
        {
            if (!operation.Parameters.Any(p => p.Name == segment && p.In == ParameterLocation.Path))
            {
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = segment,
                    In = ParameterLocation.Path,
                    Required = true,
                    Schema = Typed(JsonSchemaType.String),
                    Description = segment == "account" ? "The account's id or slug (or `-`, the default account)." : null,
                });
            }
        }

        var last = segments.LastOrDefault() ?? string.Empty;
        var nested = literals.Length > 1 && action is null;
        var collection = path == "/v1/accounts" || (!last.StartsWith('{') && type is not null && type != "accounts"
            && ResourceTypes.OfSegment(last) == type && (last.EndsWith('s') || last == "pool"));
        var toMany = nested && method is "POST" or "DELETE" && last is "entitlements" or "users" or "owners";
        var toOne = nested && !collection && method is "PUT" or "PATCH" && !last.StartsWith('{');
        var bodyOf = action ?? (method == "POST" && last is "passwords" or "second-factors" ? last : null);
        var meta = ActionMeta.FirstOrDefault(m => m.Key.TrimEnd('!') == bodyOf);

        if (toMany || toOne)
        {
            operation.RequestBody = Body(new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Required = new HashSet<string> { "data" },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["data"] = toMany
                        ? new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchemaReference(Linkage, document) }
                        : new OpenApiSchemaReference(Linkage, document),
                },
            }, toMany ? "The related resources to attach or detach." : "The new related resource.", required: true);
        }
        else if (meta.Key is not null)
        {
            var members = meta.Value.Split(' ').Select(m => (m[..m.IndexOf(':')], (IOpenApiSchema)Attribute(m[(m.IndexOf(':') + 1)..]))).ToArray();
            operation.RequestBody = Body(Object(("meta", Object(members))), "The action's options, in `meta`.", required: meta.Key.EndsWith('!'),
                action == "validate-key"
                    ? new JsonObject { ["meta"] = new JsonObject { ["key"] = "C1B6DE-39A6E3-DE1A8D-01D6E8-19C3F4-V3", ["scope"] = new JsonObject { ["fingerprint"] = "4f:9a:1c:2e" } } }
                    : null);
        }
        else if (type is not null && action is null && (method is "POST" && collection || method is "PATCH" or "PUT" && (last.StartsWith('{') || path == AccountPrefix) && type != "tokens"))
        {
            operation.RequestBody = Body(Object(("data", new OpenApiSchemaReference(type, document))),
                method == "POST" ? $"The {type} to create: its attributes and relationships." : "The attributes and relationships to change.",
                required: method == "POST" && type is not ("tokens" or "second-factors"), Example(type, method == "POST"));
        }

        var many = false;
        operation.Responses ??= new OpenApiResponses();
        operation.Responses.Clear();
        if (route is "GET /v1/ping" or "GET /v1/accounts/{account}/ping")
        {
            operation.Responses["200"] = new OpenApiResponse { Description = "The server is up (empty body)." };
        }
        else if (route is "GET /v1/health" or "GET /v1/health/ready" or "GET /v1/health/webhooks" || method == "DELETE" && last != "pool" || last == "passwords")
        {
            operation.Responses["204"] = new OpenApiResponse { Description = "Done; no content." };
        }
        else if (action is "check-out" or "generate-offline-proof" || type is null)
        {
            operation.Responses["200"] = Document(document, null, many: false, action == "check-out"
                ? "A license or machine file (`license-files`, `machine-files`): `certificate`, `ttl`, `expiry`, `issued`, `algorithm`."
                : "The result, in `data` or `meta`.");
        }
        else if (action is "validate" or "validate-key")
        {
            // A failed validation is data, not an error: still 200, with meta.valid false and the reason's code.
            var validation = Document(document, type, many: false,
                "The license (null when no license matches) and `meta` with the result: `ts`, `valid`, `detail`, `code` (VALID, "
                + "NOT_FOUND, SUSPENDED, EXPIRED, OVERDUE, NO_MACHINE, FINGERPRINT_SCOPE_MISMATCH, …), and the `nonce` and `scope` sent.");
            validation.Content![JsonApiMedia.JsonApi].Examples = new Dictionary<string, IOpenApiExample>
            {
                ["valid"] = ValidationExample("A valid license", valid: true, "is valid", "VALID"),
                ["expired"] = ValidationExample("An expired license (still 200)", valid: false, "is expired", "EXPIRED"),
                ["not-found"] = ValidationExample("No license has the key", valid: false, "does not exist", "NOT_FOUND"),
            };
            operation.Responses["200"] = validation;
        }
        else if (toMany)
        {
            operation.Responses["200"] = Document(document, null, many: true, "The attached join resources (e.g. `license-entitlements`).");
        }
        else
        {
            many = method == "GET" && collection;
            if (many)
            {
                QueryParameters.AddTo(operation, inAccount ? path[AccountPrefix.Length..] : path);
            }

            // Top-level creates answer 201; tokens generated for a product, user or license answer 200, as in Keygen.
            var created = (method == "POST" && collection && (!nested || type == "second-factors")) || action == "retry";
            operation.Responses[created ? "201" : "200"] =
                Document(document, type, many, many ? $"A page of {type}; `links` holds the next and previous pages." : $"The {type} resource.");
        }

        if (route == "GET /v1/health/ready")
        {
            operation.Responses["503"] = new OpenApiResponse { Description = "The database does not answer (with `Retry-After`)." };
        }
        else if (route == "GET /v1/health/webhooks")
        {
            operation.Responses["500"] = new OpenApiResponse { Description = "No background worker is alive." };
        }

        var named = segments.Zip(segments.Skip(1)).Where(p => p.Second.StartsWith('{')).Select(p => ResourceTypes.OfSegment(p.First))
            .OfType<string>().Select(Singular).Distinct().ToList();
        ErrorResponses.AddTo(document, operation.Responses, new ErrorResponses.Cases(
            Authenticated: operation.Security.Count > 0,
            Models: named,
            InAccount: inAccount,
            Body: operation.RequestBody is not null,
            Paged: many,
            Changes: method is "POST" or "PATCH" or "PUT" || toMany,
            Throttled: throttled,
            Database: route is not ("GET /v1/ping" or "GET /v1/health" or "GET /v1/health/ready")));
        if (analytics)
        {
            AnalyticsDocs.AddTo(document, operation, path[prefix.Length..]);
        }
    }

    /// <summary>A type as its 404 names it: <c>policies</c> → policy, <c>webhook-endpoints</c> → webhook endpoint.</summary>
    private static string Singular(string type) => type switch
    {
        "policies" => "policy",
        "processes" => "process",
        _ => type[..^1].Replace('-', ' '),
    };

    private static OpenApiSecurityRequirement Requirement(OpenApiDocument document, string scheme) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };

    private static OpenApiRequestBody Body(IOpenApiSchema schema, string description, bool required, JsonNode? example = null) => new()
    {
        Description = description,
        Required = required,
        Content = new Dictionary<string, OpenApiMediaType> { [JsonApiMedia.JsonApi] = new() { Schema = schema, Example = example } },
    };

    private static OpenApiResponse Document(OpenApiDocument document, string? type, bool many, string description)
    {
        IOpenApiSchema data = type is null
            ? new OpenApiSchema { Type = JsonSchemaType.Object | JsonSchemaType.Null }
            : new OpenApiSchemaReference(type, document);
        var schema = many
            ? Object(("data", new OpenApiSchema { Type = JsonSchemaType.Array, Items = data }), ("links", Typed(JsonSchemaType.Object)), ("meta", Typed(JsonSchemaType.Object)))
            : Object(("data", data), ("meta", Typed(JsonSchemaType.Object)));
        return new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { [JsonApiMedia.JsonApi] = new() { Schema = schema } },
        };
    }

    private static OpenApiExample ValidationExample(string summary, bool valid, string detail, string code) => new()
    {
        Summary = summary,
        Value = new JsonObject
        {
            ["data"] = code == "NOT_FOUND" ? null : new JsonObject
            {
                ["id"] = "0c5b3f2e-8d1a-4b6c-9e7f-3a2d1c0b9e8f",
                ["type"] = "licenses",
                ["attributes"] = new JsonObject { ["key"] = "C1B6DE-39A6E3-DE1A8D-01D6E8-19C3F4-V3", ["status"] = valid ? "ACTIVE" : code },
            },
            ["meta"] = new JsonObject
            {
                ["ts"] = "2026-12-07T12:00:00.000Z",
                ["valid"] = valid,
                ["detail"] = detail,
                ["code"] = code,
                ["scope"] = new JsonObject { ["fingerprint"] = "4f:9a:1c:2e" },
            },
        },
    };

    private static OpenApiSchema ResourceSchema(ResourceTypes.Resource resource, OpenApiDocument document)
    {
        var attributes = new OpenApiSchema { Type = JsonSchemaType.Object, Properties = new Dictionary<string, IOpenApiSchema>() };
        foreach (var attribute in resource.Attributes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, kind) = (attribute[..attribute.IndexOf(':')], attribute[(attribute.IndexOf(':') + 1)..]);
            attributes.Properties[name] = Attribute(kind);
        }

        attributes.Properties["metadata"] = new OpenApiSchema { Type = JsonSchemaType.Object, Description = "Free-form key/value metadata." };
        if (resource.Type != "accounts")
        {
            attributes.Properties["created"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time", ReadOnly = true };
            attributes.Properties["updated"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time", ReadOnly = true };
        }

        var relationships = new OpenApiSchema { Type = JsonSchemaType.Object, Properties = new Dictionary<string, IOpenApiSchema>() };
        foreach (var relationship in resource.Relationships.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var many = relationship.EndsWith("[]", StringComparison.Ordinal);
            IOpenApiSchema linkage = new OpenApiSchemaReference(Linkage, document);
            relationships.Properties[many ? relationship[..^2] : relationship] = Object(
                ("data", many ? new OpenApiSchema { Type = JsonSchemaType.Array, Items = linkage } : linkage),
                ("links", Typed(JsonSchemaType.Object)));
        }

        var result = Object(
            ("type", new OpenApiSchema { Type = JsonSchemaType.String, Const = resource.Type }),
            ("id", new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid", ReadOnly = true }),
            ("attributes", attributes),
            ("relationships", relationships),
            ("links", new OpenApiSchema { Type = JsonSchemaType.Object, ReadOnly = true }));
        result.Required = new HashSet<string> { "type" };
        result.Description = $"A `{resource.Type}` resource object.";
        return result;
    }

    /// <summary>A schema from a <see cref="ResourceTypes"/> attribute type: <c>string</c>, <c>integer?</c>, <c>date-time?</c>, <c>strings</c>, ….</summary>
    private static OpenApiSchema Attribute(string kind)
    {
        var schema = kind.TrimEnd('?') switch
        {
            "date-time" => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
            "strings" => new OpenApiSchema { Type = JsonSchemaType.Array, Items = Typed(JsonSchemaType.String) },
            "integer" => Typed(JsonSchemaType.Integer),
            "boolean" => Typed(JsonSchemaType.Boolean),
            "object" => Typed(JsonSchemaType.Object),
            _ => Typed(JsonSchemaType.String),
        };
        if (kind.EndsWith('?'))
        {
            schema.Type |= JsonSchemaType.Null;
        }

        return schema;
    }

    private static JsonObject Example(string type, bool create) => type switch
    {
        "licenses" => new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["type"] = "licenses",
                ["attributes"] = new JsonObject { ["name"] = "Acme Pro", ["expiry"] = "2027-12-31T00:00:00Z", ["metadata"] = new JsonObject { ["seat"] = 1 } },
                ["relationships"] = create
                    ? new JsonObject { ["policy"] = new JsonObject { ["data"] = new JsonObject { ["type"] = "policies", ["id"] = "6b7a4f37-4c5a-4a4e-9a0e-0f1d6f2b2c11" } } }
                    : new JsonObject(),
            },
        },
        "machines" => new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["type"] = "machines",
                ["attributes"] = new JsonObject { ["fingerprint"] = "4f:9a:1c:2e", ["platform"] = "linux", ["name"] = "build-01" },
                ["relationships"] = new JsonObject { ["license"] = new JsonObject { ["data"] = new JsonObject { ["type"] = "licenses", ["id"] = "0c5b3f2e-8d1a-4b6c-9e7f-3a2d1c0b9e8f" } } },
            },
        },
        _ => new JsonObject { ["data"] = new JsonObject { ["type"] = type, ["attributes"] = new JsonObject() } },
    };

    private static OpenApiSchema ErrorSchema() => Object(
        ("meta", Object(("id", new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request id." }))),
        ("errors", new OpenApiSchema
        {
            Type = JsonSchemaType.Array,
            Items = Object(
                ("title", Typed(JsonSchemaType.String)),
                ("detail", Typed(JsonSchemaType.String)),
                ("code", Typed(JsonSchemaType.String)),
                ("source", Object(("pointer", Typed(JsonSchemaType.String)), ("parameter", Typed(JsonSchemaType.String)), ("header", Typed(JsonSchemaType.String))))),
        }));

    private static OpenApiSchema Typed(JsonSchemaType type) => new() { Type = type };

    private static OpenApiSchema Object(params (string Name, IOpenApiSchema Schema)[] properties) => new()
    {
        Type = JsonSchemaType.Object,
        Properties = properties.ToDictionary(p => p.Name, p => p.Schema),
    };
}
