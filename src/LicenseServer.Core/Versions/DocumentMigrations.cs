using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using LicenseServer.Core.Common;

namespace LicenseServer.Core.Versions;

/// <summary>
/// Rewrites a document rendered in the current API shape (<c>{"data": resource-or-array, "meta": …}</c>) for an
/// older API version (behaviour.md §0.7): each step whose version the target is at or below applies, newest first.
/// HTTP responses (<c>ResponseSender</c>) and webhook payloads (<see cref="Webhooks.WebhookFanOut"/>) both go through here.
/// Only the output differences of resource documents are here; 1.7 changes token errors only, so it has no step.
/// </summary>
public static class DocumentMigrations
{
    private static readonly JsonDocumentOptions StrictKeys = new() { AllowDuplicateProperties = false };

    /// <summary>What one step rewrites: the document's root, its resources (data and included), and the event it stands for.</summary>
    private sealed record Target(JsonObject Root, List<JsonObject> Resources, string EventName, IReadOnlyDictionary<Guid, Guid?>? LicenseOwners);

    /// <summary>One version step: applies when the requested version is at or below <paramref name="Through"/> (the last version with the old shape).</summary>
    private sealed record Step(ApiVersion Through, Action<Target> Output);

    /// <summary>The steps, newest first; a document for version v goes through every step whose version v is at or below.</summary>
    private static readonly Step[] Steps =
    [
        new(new ApiVersion(1, 6), t =>
        {
            foreach (var attributes in AttributesOf(t.Resources, "policies"))
            {
                Rename(attributes, "processLeasingStrategy", "leasingStrategy");
            }
        }),
        new(new ApiVersion(1, 5), t =>
        {
            foreach (var relationships in RelationshipsOf(t.Resources, "licenses"))
            {
                RenameRelationship(relationships, "owner", "user");
            }

            foreach (var machine in t.Resources.Where(r => IsType(r, "machines")))
            {
                ShowLicenseOwnerAsUser(machine, t.LicenseOwners);
            }
        }),
        new(new ApiVersion(1, 4), t =>
        {
            foreach (var attributes in AttributesOf(t.Resources, type: null))
            {
                SnakeCaseNestedMetadata(attributes);
            }
        }),
        new(new ApiVersion(1, 3), t =>
        {
            foreach (var attributes in AttributesOf(t.Resources, "policies"))
            {
                Rename(attributes, "machineUniquenessStrategy", "fingerprintUniquenessStrategy");
                Rename(attributes, "machineMatchingStrategy", "fingerprintMatchingStrategy");
            }
        }),
        new(new ApiVersion(1, 2), t =>
        {
            if (t.EventName != "machine.created")
            {
                return;
            }

            foreach (var attributes in AttributesOf(t.Resources, "machines"))
            {
                if (StringOf(attributes["heartbeatStatus"]) == "ALIVE")
                {
                    attributes["heartbeatStatus"] = "NOT_STARTED";
                    attributes["lastHeartbeat"] = null;
                }
            }
        }),
        new(new ApiVersion(1, 1), t =>
        {
            if (t.EventName is "license.validation.succeeded" or "license.validation.failed" && t.Root["meta"] is JsonObject meta)
            {
                UseLegacyValidationMeta(meta);
            }

            foreach (var attributes in AttributesOf(t.Resources, "policies"))
            {
                AddConcurrent(attributes);
            }
        }),
    ];

    /// <summary>Whether a document for <paramref name="apiVersion"/> differs from the current shape at all (false: send it as rendered).</summary>
    public static bool Applies(ApiVersion apiVersion) => apiVersion < ApiVersion.Current;

    /// <summary>
    /// The document for <paramref name="apiVersion"/>; the input string itself for the current (or an unknown) version.
    /// <paramref name="eventName"/> selects the steps that apply to one event only (machine creation, validation
    /// meta). <paramref name="licenseOwners"/> maps license ids to their owners (null: no owner) for the ≤1.5
    /// machine <c>user</c> relationship, which the machine document itself does not carry.
    /// </summary>
    public static string Migrate(string document, string eventName, string apiVersion, IReadOnlyDictionary<Guid, Guid?>? licenseOwners = null)
    {
        if (!ApiVersion.TryParse(apiVersion, out var version) || !Applies(version) || Parse(document) is not { } root)
        {
            return document;
        }

        Apply(root, eventName, version, licenseOwners);
        return root.ToJsonString();
    }

    /// <summary>
    /// The UTF-8 document for <paramref name="version"/> (a response body); the input itself when no step applies,
    /// so the current version costs nothing. Included resources are migrated like the primary data.
    /// </summary>
    public static ReadOnlyMemory<byte> Migrate(ReadOnlyMemory<byte> document, string eventName, ApiVersion version,
        IReadOnlyDictionary<Guid, Guid?>? licenseOwners = null)
    {
        if (!Applies(version) || document.IsEmpty || Parse(document) is not { } root)
        {
            return document;
        }

        Apply(root, eventName, version, licenseOwners);
        var buffer = new ArrayBufferWriter<byte>(document.Length + 256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            root.WriteTo(w);
        }

        return buffer.WrittenMemory;
    }

    private static void Apply(JsonObject root, string eventName, ApiVersion version, IReadOnlyDictionary<Guid, Guid?>? licenseOwners)
    {
        var resources = Resources(root["data"]);
        resources.AddRange(Resources(root["included"]));
        var target = new Target(root, resources, eventName, licenseOwners);
        foreach (var step in Steps)
        {
            if (version <= step.Through)
            {
                step.Output(target);
            }
        }
    }

    /// <summary>Whether documents for this version show machines with a <c>user</c> relationship (the license owner).</summary>
    public static bool ShowsMachineUser(string apiVersion) => ApiVersion.TryParse(apiVersion, out var version) && ShowsMachineUser(version);

    public static bool ShowsMachineUser(ApiVersion version) => version.AtMost(1, 5);

    /// <summary>The license ids of the machines in a document (the keys <c>Migrate</c> looks up in its license owners).</summary>
    public static IReadOnlyList<Guid> MachineLicenseIds(string document) =>
        Parse(document) is { } root ? Resources(root["data"]).Where(r => IsType(r, "machines")).Select(LicenseIdOf).OfType<Guid>().ToList() : [];

    /// <summary>The license ids of the machines in a UTF-8 document, primary data and included.</summary>
    public static IReadOnlyList<Guid> MachineLicenseIds(ReadOnlyMemory<byte> document) =>
        Parse(document) is { } root
            ? Resources(root["data"]).Concat(Resources(root["included"])).Where(r => IsType(r, "machines")).Select(LicenseIdOf).OfType<Guid>().Distinct().ToList()
            : [];

    /// <summary>API ≤1.1 validation: only VALID and EXPIRED count as valid (overage results become invalid).</summary>
    public static bool LegacyValid(bool valid, string code) => valid && code is "VALID" or "EXPIRED";

    /// <summary>
    /// The document as nodes, or null when it is not an object or repeats a key (two stored metadata keys with the
    /// same camelCase form can do that): such a document is left in the current shape rather than failing the change.
    /// </summary>
    private static JsonObject? Parse(string document)
    {
        try
        {
            return JsonNode.Parse(document, documentOptions: StrictKeys) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonObject? Parse(ReadOnlyMemory<byte> document)
    {
        try
        {
            return JsonNode.Parse(document.Span, documentOptions: StrictKeys) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static List<JsonObject> Resources(JsonNode? data) => data switch
    {
        JsonObject resource => [resource],
        JsonArray array => array.OfType<JsonObject>().ToList(),
        _ => [],
    };

    private static string? StringOf(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static bool IsType(JsonObject resource, string type) => StringOf(resource["type"]) == type;

    private static IEnumerable<JsonObject> AttributesOf(List<JsonObject> resources, string? type) =>
        resources.Where(r => type is null || IsType(r, type)).Select(r => r["attributes"]).OfType<JsonObject>();

    private static IEnumerable<JsonObject> RelationshipsOf(List<JsonObject> resources, string type) =>
        resources.Where(r => IsType(r, type)).Select(r => r["relationships"]).OfType<JsonObject>();

    /// <summary>Renames a member in place (keeping its position); absent members (or a taken name) are left alone.</summary>
    private static void Rename(JsonObject obj, string from, string to)
    {
        var index = obj.IndexOf(from);
        if (index < 0 || obj.ContainsKey(to))
        {
            return;
        }

        var value = obj.GetAt(index).Value;
        obj.RemoveAt(index);
        obj.Insert(index, to, value);
    }

    /// <summary>Renames a relationship and points its related link at the new name (<c>…/owner</c> → <c>…/user</c>).</summary>
    private static void RenameRelationship(JsonObject relationships, string from, string to)
    {
        if (!relationships.ContainsKey(from))
        {
            return;
        }

        Rename(relationships, from, to);
        if (relationships[to]?["links"] is JsonObject links && StringOf(links["related"]) is { } url && url.EndsWith($"/{from}", StringComparison.Ordinal))
        {
            links["related"] = url[..^from.Length] + to;
        }
    }

    /// <summary>
    /// ≤1.5 machines: a <c>user</c> relationship naming the license owner, in place of <c>owner</c> (the machine's
    /// own owner). Without the owner of its license in <paramref name="licenseOwners"/>, the relationship has links only.
    /// </summary>
    private static void ShowLicenseOwnerAsUser(JsonObject machine, IReadOnlyDictionary<Guid, Guid?>? licenseOwners)
    {
        if (machine["relationships"] is not JsonObject relationships || !relationships.ContainsKey("owner"))
        {
            return;
        }

        RenameRelationship(relationships, "owner", "user");
        if (relationships["user"] is not JsonObject user)
        {
            return;
        }

        user.Remove("data");
        if (LicenseIdOf(machine) is { } licenseId && licenseOwners is not null && licenseOwners.TryGetValue(licenseId, out var owner))
        {
            user["data"] = owner is { } ownerId ? new JsonObject { ["type"] = "users", ["id"] = ownerId.ToString() } : null;
        }
    }

    private static Guid? LicenseIdOf(JsonObject machine) =>
        machine["relationships"] is JsonObject { } relationships && relationships["license"] is JsonObject { } license
            && license["data"] is JsonObject { } data && Guid.TryParse(StringOf(data["id"]), out var licenseId)
            ? licenseId
            : null;

    /// <summary>≤1.4: top-level metadata keys stay camelCase; keys nested in objects and arrays go back to snake_case.</summary>
    private static void SnakeCaseNestedMetadata(JsonObject attributes)
    {
        if (attributes["metadata"] is not JsonObject metadata)
        {
            return;
        }

        for (var i = 0; i < metadata.Count; i++)
        {
            var value = metadata.GetAt(i).Value;
            if (value is JsonObject or JsonArray)
            {
                metadata.SetAt(i, SnakeCaseKeys(value));
            }
        }
    }

    /// <summary>A copy of an object or array with snake_case keys at every depth (its children move to the copy).</summary>
    private static JsonNode? SnakeCaseKeys(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var properties = obj.ToList();
                obj.Clear();
                var snake = new JsonObject();
                foreach (var (key, value) in properties)
                {
                    snake[Casing.ToSnake(key)] = SnakeCaseKeys(value);
                }

                return snake;
            case JsonArray array:
                var items = array.ToList();
                array.Clear();
                var copy = new JsonArray();
                foreach (var item in items)
                {
                    copy.Add(SnakeCaseKeys(item));
                }

                return copy;
            default:
                return node;
        }
    }

    /// <summary>≤1.1 validation meta: <c>code</c> is named <c>constant</c>, and only VALID and EXPIRED are valid.</summary>
    private static void UseLegacyValidationMeta(JsonObject meta)
    {
        if (StringOf(meta["code"]) is not { } code)
        {
            return;
        }

        if (meta["valid"] is JsonValue valid && valid.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            meta["valid"] = LegacyValid(valid.GetValue<bool>(), code);
        }

        Rename(meta, "code", "constant");
    }

    /// <summary>≤1.1 policies: a boolean <c>concurrent</c>, true for any overage strategy but NO_OVERAGE, after <c>overageStrategy</c>.</summary>
    private static void AddConcurrent(JsonObject attributes)
    {
        var index = attributes.IndexOf("overageStrategy");
        if (index < 0 || attributes.ContainsKey("concurrent"))
        {
            return;
        }

        attributes.Insert(index + 1, "concurrent", StringOf(attributes.GetAt(index).Value) != "NO_OVERAGE");
    }
}
