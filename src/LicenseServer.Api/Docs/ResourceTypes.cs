namespace LicenseServer.Api.Docs;

/// <summary>
/// The one table the API reference is drawn from: per JSON:API type, its attributes (as the serializers in
/// <c>Api/&lt;Noun&gt;/&lt;Noun&gt;Serializer.cs</c> write them) and relationships. An attribute is <c>name:type</c>,
/// where type is a JSON Schema type or <c>date-time</c>, <c>strings</c> (an array) or <c>object</c>; a trailing
/// <c>?</c> means it may be null. A relationship is its name, with <c>[]</c> when to-many.
/// </summary>
public static class ResourceTypes
{
    /// <summary>A JSON:API type with its attributes and relationships, in the order the serializer writes them.</summary>
    public sealed record Resource(string Type, string Attributes, string Relationships = "");

    public static readonly IReadOnlyList<Resource> All =
    [
        new("accounts", "name:string slug:string apiVersion:string status:string protected:boolean"),
        new("products", "name:string code:string? distributionStrategy:string url:string? platforms:strings", "policies[] licenses[] machines[] users[] tokens[]"),
        new("policies", "name:string duration:integer? strict:boolean floating:boolean scheme:string? requireProductScope:boolean "
            + "requirePolicyScope:boolean requireMachineScope:boolean requireFingerprintScope:boolean requireComponentsScope:boolean "
            + "requireUserScope:boolean requireChecksumScope:boolean requireVersionScope:boolean requireCheckIn:boolean "
            + "checkInInterval:string? checkInIntervalCount:integer? usePool:boolean maxMachines:integer? maxProcesses:integer? "
            + "maxUsers:integer? maxCores:integer? maxMemory:integer? maxDisk:integer? maxUses:integer? encrypted:boolean "
            + "protected:boolean requireHeartbeat:boolean heartbeatDuration:integer? heartbeatCullStrategy:string "
            + "heartbeatResurrectionStrategy:string heartbeatBasis:string machineUniquenessStrategy:string machineMatchingStrategy:string "
            + "componentUniquenessStrategy:string componentMatchingStrategy:string expirationStrategy:string expirationBasis:string "
            + "renewalBasis:string transferStrategy:string authenticationStrategy:string machineLeasingStrategy:string "
            + "processLeasingStrategy:string overageStrategy:string", "product pool[] licenses[] entitlements[]"),
        new("licenses", "name:string? key:string expiry:date-time? status:string uses:integer suspended:boolean scheme:string? "
            + "encrypted:boolean strict:boolean floating:boolean protected:boolean version:string? maxMachines:integer? "
            + "maxProcesses:integer? maxUsers:integer? maxCores:integer? maxMemory:integer? maxDisk:integer? maxUses:integer? "
            + "requireHeartbeat:boolean requireCheckIn:boolean lastValidated:date-time? lastCheckIn:date-time? "
            + "nextCheckIn:date-time? lastCheckOut:date-time?", "product policy group owner users[] machines[] tokens[] entitlements[]"),
        new("machines", "fingerprint:string cores:integer? memory:integer? disk:integer? ip:string? hostname:string? platform:string? "
            + "name:string? requireHeartbeat:boolean heartbeatStatus:string heartbeatDuration:integer maxProcesses:integer? "
            + "lastCheckOut:date-time? lastHeartbeat:date-time? nextHeartbeat:date-time?", "product group license owner components[] processes[]"),
        new("components", "fingerprint:string name:string", "product license machine"),
        new("processes", "pid:string status:string interval:integer lastHeartbeat:date-time? nextHeartbeat:date-time?", "product license machine"),
        new("users", "fullName:string? firstName:string? lastName:string? email:string status:string role:string",
            "group products[] licenses[] machines[] tokens[] secondFactors[]"),
        new("tokens", "kind:string token:string expiry:date-time? name:string? maxActivations:integer? activations:integer "
            + "maxDeactivations:integer? deactivations:integer", "bearer"),
        new("second-factors", "uri:string secret:string enabled:boolean", "user"),
        new("entitlements", "name:string code:string"),
        new("groups", "name:string maxUsers:integer? maxLicenses:integer? maxMachines:integer?", "owners[] users[] licenses[] machines[]"),
        new("keys", "key:string", "product policy"),
        new("webhook-endpoints", "url:string subscriptions:strings signatureAlgorithm:string apiVersion:string", "product"),
        new("webhook-events", "endpoint:string apiVersion:string payload:string event:string status:string lastResponseCode:integer? "
            + "lastResponseBody:string?"),
        new("event-logs", "event:string metadata:object", "environment request whodunnit resource"),
        new("request-logs", "url:string method:string status:string userAgent:string? ip:string requestHeaders:object? requestBody:string? "
            + "responseHeaders:object? responseBody:string? responseSignature:string?", "environment requestor resource"),
        new("releases", "name:string? description:string? channel:string status:string tag:string? version:string semver:object "
            + "backdated:date-time? yanked:date-time?", "product package entitlements[] constraints[] artifacts[] upgrade"),
        new("constraints", "", "entitlement release"),
        new("packages", "name:string key:string engine:string?", "product releases[]"),
        new("engines", "name:string? key:string"),
        new("channels", "name:string? key:string"),
        new("platforms", "name:string? key:string"),
        new("arches", "name:string? key:string"),
    ];

    /// <summary>The type a path segment names: a collection (<c>licenses</c>) or a to-one relationship (<c>owner</c>, <c>pool</c>).</summary>
    public static string? OfSegment(string segment) => segment switch
    {
        "product" => "products",
        "policy" => "policies",
        "license" => "licenses",
        "machine" => "machines",
        "group" => "groups",
        "owner" or "user" or "owners" or "me" or "profile" => "users",
        "pool" => "keys",
        "bearer" => "tokens",
        "package" => "packages",
        "upgrade" => "releases",
        _ => All.Any(r => r.Type == segment) ? segment : null,
    };
}
