using Microsoft.OpenApi;

namespace LicenseServer.Api.Docs;

/// <summary>
/// The one table of the index routes' query parameters: the paging every index takes (<see cref="JsonApi.Paging"/>) and
/// the filters each reads (<c>LicenseFilters</c>, <c>MachineFilters</c>, <c>ChildFilters</c>, <c>ProcessFilters</c> and the
/// filters written inside the users, policies, keys, tokens and webhook-events index handlers). A filter set is written
/// once and named by every route that applies it; routes are the path after <c>/v1/accounts/{account}</c>.
/// </summary>
public static class QueryParameters
{
    /// <summary>A query parameter: its literal name (brackets included), what it does, and the values it takes, if a fixed set.</summary>
    public sealed record Parameter(string Name, string Description, JsonSchemaType Type = JsonSchemaType.String, string[]? Values = null);

    /// <summary>The name of the one open-ended filter, <c>metadata[key]=value</c>, documented as a deepObject.</summary>
    public const string Metadata = "metadata";

    public static readonly IReadOnlyList<Parameter> Paging =
    [
        new("limit", "Items per page when no `page[…]` is given (1–100, default 10).", JsonSchemaType.Integer),
        new("page[number]", "Offset paging: the page number (1–100; use `page[cursor]` for deeper pages). Needs no `limit`.", JsonSchemaType.Integer),
        new("page[size]", "Items per page with `page[number]` or `page[cursor]` (1–100; default `limit`, or 10).", JsonSchemaType.Integer),
        new("page[cursor]", "Keyset paging: the id of the last item of the previous page (empty for the first page); the `next` link carries it."),
        new("order", "`desc` (newest first, the default) or `asc`.", Values: ["asc", "desc"]),
    ];

    private static readonly Parameter MetadataFilter = new(Metadata, "`metadata[key]=value`: the value at the key (camelCase keys "
        + "are matched in snake_case); `true`, `false`, `null` and numbers also match their JSON values.");

    private static readonly Parameter[] Licenses =
    [
        new("product", "The product's id."),
        new("policy", "The policy's id."),
        new("owner", "The owner's id or email."),
        new("user", "A user's id or email: licenses the user owns or is attached to."),
        new("group", "The group's id."),
        new("machine", "A machine's id or fingerprint: the license it is activated on."),
        new("status", "The license's status, in precedence order: BANNED (owner banned), SUSPENDED, EXPIRED, EXPIRING "
            + "(within 3 days), INACTIVE (no activity for 90 days), ACTIVE.", Values: ["ACTIVE", "INACTIVE", "EXPIRING", "EXPIRED", "SUSPENDED", "BANNED"]),
        new("suspended", "`true` or `false`.", JsonSchemaType.Boolean),
        new("expired", "`true`: expired; `false`: no expiry or not yet expired.", JsonSchemaType.Boolean),
        new("expiring", "`true`: expires within 3 days.", JsonSchemaType.Boolean),
        new("assigned", "`true`: has an owner or an attached user.", JsonSchemaType.Boolean),
        new("unassigned", "`true`: has neither an owner nor an attached user.", JsonSchemaType.Boolean),
        new("activated", "`true`: has at least one machine.", JsonSchemaType.Boolean),
        .. Operators("expires", "Not yet expired; expires", "within in before after on"),
        .. Operators("expired", "Already expired; expired", "within in before after on"),
        .. Operators("activity", "Activity (creation, validation, check-in or check-out)", "inside outside before after"),
        .. Operators("activations", "The number of machines", "eq gt gte lt lte"),
        MetadataFilter,
    ];

    private static readonly Parameter[] Releases =
    [
        new("product", "The product's id or code."),
        new("package", "The package's id or key; empty for releases without a package."),
        new("engine", "The package engine's id or key; empty for releases without a package."),
        new("channel", "A channel key or id: the channel set it selects (`beta` lists stable, rc and beta releases; `dev` only dev).",
            Values: ["stable", "rc", "beta", "alpha", "dev"]),
        new("status", "DRAFT, PUBLISHED or YANKED (any case).", Values: ["DRAFT", "PUBLISHED", "YANKED"]),
        new("yanked", "`true`: only yanked releases; `false`: the others.", JsonSchemaType.Boolean),
        new("entitlements[]", "Entitlement codes (repeatable): releases whose constraints are all among them, unconstrained ones included."),
    ];

    private static readonly Parameter[] Packages =
    [
        new("product", "The product's id."),
        new("engine", "The engine's id or key; empty for packages without one."),
    ];

    private static readonly Parameter[] Machines =
    [
        new("fingerprint", "The machine's fingerprint."),
        new("ip", "The machine's IP address."),
        new("hostname", "The machine's hostname."),
        new("status", "The heartbeat status: ALIVE or DEAD.", Values: ["ALIVE", "DEAD"]),
        new("product", "The license's product id."),
        new("policy", "The license's policy id."),
        new("license", "The license's id or key."),
        new("key", "The license's key."),
        new("owner", "The machine owner's id or email."),
        new("user", "A user's id or email: machines the user owns, or of licenses the user owns or is attached to."),
        new("group", "The group's id."),
        MetadataFilter,
    ];

    /// <summary>Components and processes are filtered by their machine (ChildFilters).</summary>
    private static readonly Parameter[] MachineChildren =
    [
        new("product", "The license's product id."),
        new("machine", "The machine's id or fingerprint."),
        new("license", "The license's id or key."),
        new("owner", "The machine owner's id or email."),
        new("user", "A user's id or email (as for machines)."),
    ];

    private static readonly Parameter ProcessStatus = new("status", "The heartbeat status: ALIVE or DEAD.", Values: ["ALIVE", "DEAD"]);

    /// <summary>The filters of each index route that has any; the route is the path after <c>/v1/accounts/{account}</c>.</summary>
    public static readonly IReadOnlyDictionary<string, Parameter[]> Filters = new Dictionary<string, Parameter[]>(StringComparer.Ordinal)
    {
        ["/licenses"] = Licenses,
        ["/groups/{id}/licenses"] = Licenses,
        ["/machines"] = Machines,
        ["/licenses/{id}/machines"] = Machines,
        ["/components"] = MachineChildren,
        ["/processes"] = [.. MachineChildren, ProcessStatus],
        ["/machines/{id}/processes"] = [ProcessStatus],
        ["/users"] =
        [
            new("roles[]", "The roles to list (repeatable: `roles[]=admin&roles[]=user`); default `user` only."),
            new("status", "ACTIVE (created within 90 days), INACTIVE or BANNED.", Values: ["ACTIVE", "INACTIVE", "BANNED"]),
            new("group", "The group's id."),
            MetadataFilter,
        ],
        ["/policies"] = [new("product", "The product's id.")],
        ["/keys"] = [new("product", "The product's id."), new("policy", "The policy's id.")],
        ["/tokens"] =
        [
            new("bearer[type]", "The bearer's type: `user`, `product` or `license`.", Values: ["user", "product", "license"]),
            new("bearer[id]", "The bearer's id."),
        ],
        ["/webhook-events"] = [new("events[]", "Event names to list (repeatable), e.g. `license.created`.")],
        ["/releases"] = Releases,
        ["/products/{id}/releases"] = Releases,
        ["/packages"] = Packages,
        ["/products/{id}/packages"] = Packages,
        ["/event-logs"] =
        [
            new("event", "One event name, e.g. `license.created`."),
            new("events[]", "Event names to list (repeatable)."),
            .. Record("resource", "The affected record"),
            .. Record("whodunnit", "The bearer that caused the event"),
            new("request", "The id of the request (its request log) that raised the events."),
            .. DateRange,
        ],
        ["/request-logs"] =
        [
            new("status", "The response status, e.g. `404`.", JsonSchemaType.Integer),
            new("method", "The HTTP method, any case."),
            new("url", "A part of the URL (case-sensitive)."),
            new("ip", "The start of the client address."),
            .. Record("requestor", "The bearer that made the request"),
            .. Record("resource", "The primary record the request loaded"),
            .. DateRange,
        ],
    };

    /// <summary>The date range of the logs: both days inclusive, 1 to 31 days apart.</summary>
    private static Parameter[] DateRange =>
    [
        new("date[start]", "The first day (`2027-03-01`, UTC); with `date[end]`, 1 to 31 days before it."),
        new("date[end]", "The last day (`2027-03-02`, UTC)."),
    ];

    /// <summary>A record named by type and id (also <c>name[]=type&amp;name[]=id</c>, or <c>name=id</c>).</summary>
    private static Parameter[] Record(string name, string lead) =>
    [
        new($"{name}[type]", $"{lead}: its type, singular or plural, any case (`license`)."),
        new($"{name}[id]", $"{lead}: its id (a part of it matches too)."),
    ];

    /// <summary>Adds the paging parameters and the route's filters to an index operation.</summary>
    public static void AddTo(OpenApiOperation operation, string route)
    {
        operation.Parameters ??= [];
        foreach (var parameter in Paging.Concat(Filters.GetValueOrDefault(route, [])))
        {
            operation.Parameters.Add(parameter.Name == Metadata
                ? new OpenApiParameter
                {
                    Name = Metadata,
                    In = ParameterLocation.Query,
                    Style = ParameterStyle.DeepObject,
                    Explode = true,
                    Description = parameter.Description,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.String } },
                }
                : new OpenApiParameter
                {
                    Name = parameter.Name,
                    In = ParameterLocation.Query,
                    Description = parameter.Description,
                    Schema = new OpenApiSchema
                    {
                        Type = parameter.Type,
                        Enum = parameter.Values?.Select(v => (System.Text.Json.Nodes.JsonNode)v).ToList(),
                    },
                });
        }
    }

    /// <summary><c>name[op]=value</c> filters: durations (<c>3d</c>, <c>P1M</c>, seconds), times (ISO 8601 or unix seconds), dates, counts.</summary>
    private static IEnumerable<Parameter> Operators(string name, string lead, string operators) =>
        operators.Split(' ').Select(op => new Parameter($"{name}[{op}]", $"{lead} " + op switch
        {
            "within" => "within a duration of now (`3d`, `P1M`, seconds).",
            "in" => "on the day a duration from now lands on.",
            "inside" => "some within a duration of now.",
            "outside" => "none within a duration of now.",
            "before" when name == "activity" => "none since a time (ISO 8601 or unix seconds).",
            "after" when name == "activity" => "some since a time (ISO 8601 or unix seconds).",
            "before" or "after" => $"{op} a time (ISO 8601 or unix seconds).",
            "on" => "on a date (`2027-03-01`).",
            _ => $"is `{op}` n.",
        }, op is "eq" or "gt" or "gte" or "lt" or "lte" ? JsonSchemaType.Integer : JsonSchemaType.String));
}
