using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using static LicenseServer.Core.Policies.PolicyStrategies;

namespace LicenseServer.Core.Versions;

/// <summary>
/// Rewrites a document rendered in the current API shape (<c>{"data": resource-or-array, "meta": …}</c>) for an
/// older API version (behaviour.md §0.7): each step whose version the target is at or below applies, newest first.
/// HTTP responses (<c>ResponseSender</c>), error documents included, and webhook payloads (<see cref="Webhooks.WebhookFanOut"/>)
/// all go through here. Request bodies sent at an older version go the other way (<see cref="MigrateRequest"/>): each
/// step's input side rewrites the old names into the current ones before the endpoint reads them, so endpoints only
/// know the current shape.
/// </summary>
public static class DocumentMigrations
{
    private static readonly JsonDocumentOptions StrictKeys = new() { AllowDuplicateProperties = false };

    /// <summary>
    /// What one step rewrites in a response: the document's root, its resources (data and included), its error objects,
    /// and the event it stands for (set by the endpoint; <c>resource.rendered</c> otherwise).
    /// </summary>
    private sealed record Target(JsonObject Root, List<JsonObject> Resources, List<JsonObject> Errors, string EventName,
        IReadOnlyDictionary<Guid, Guid?>? LicenseOwners);

    /// <summary>What one step rewrites in a request: the body's <c>data</c> member, the resource type the route takes, and whether it creates.</summary>
    private sealed record RequestTarget(JsonObject Data, string Type, bool Creates)
    {
        public JsonObject? Attributes => Data["attributes"] as JsonObject;

        /// <summary>
        /// The attributes object, added to the body when it had none (for a default the old version implied); null when
        /// the body sent something else there, which the endpoint then refuses as sent.
        /// </summary>
        public JsonObject? EnsureAttributes()
        {
            if (Data.ContainsKey("attributes"))
            {
                return Attributes;
            }

            var added = new JsonObject();
            Data["attributes"] = added;
            return added;
        }
    }

    /// <summary>
    /// One version step: applies when the requested version is at or below <paramref name="Through"/> (the last version
    /// with the old shape). <paramref name="Output"/> rewrites documents sent; <paramref name="Input"/> rewrites bodies received.
    /// </summary>
    private sealed record Step(ApiVersion Through, Action<Target> Output, Action<RequestTarget>? Input = null);

    /// <summary>The steps, newest first; a document for version v goes through every step whose version v is at or below.</summary>
    private static readonly Step[] Steps =
    [
        new(new ApiVersion(1, 7), t =>
        {
            if (t.EventName != "token.generated")
            {
                return;
            }

            foreach (var error in t.Errors.Where(e => StringOf(e["code"]) is "EMAIL_REQUIRED" or "EMAIL_INVALID" or "PASSWORD_REQUIRED"
                         or "PASSWORD_INVALID" or "PASSWORD_NOT_SUPPORTED"))
            {
                error["detail"] = "email and password must be valid";
                error["code"] = "CREDENTIALS_INVALID";
            }
        }),
        new(new ApiVersion(1, 6), t =>
        {
            foreach (var attributes in AttributesOf(t.Resources, "policies"))
            {
                Rename(attributes, "processLeasingStrategy", "leasingStrategy");
            }
        }, r =>
        {
            if (r.Type == "policies" && r.Attributes is { } attributes)
            {
                Rename(attributes, "leasingStrategy", "processLeasingStrategy");
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

            if (t.EventName is "license.created" or "license.updated" or "license.owner.updated" or "license.user.updated")
            {
                foreach (var error in t.Errors.Where(e => StringOf(e["code"]) == "OWNER_NOT_FOUND"))
                {
                    error["code"] = "USER_NOT_FOUND";
                    error["source"] = new JsonObject { ["pointer"] = "/data/relationships/user" };
                }
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
        }, r =>
        {
            if (r.Type == "policies" && r.Attributes is { } attributes)
            {
                Rename(attributes, "fingerprintUniquenessStrategy", "machineUniquenessStrategy");
                Rename(attributes, "fingerprintMatchingStrategy", "machineMatchingStrategy");
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
        }, r =>
        {
            // A policy created at 1.2 or older always counts heartbeats from the first ping.
            if (r.Type == "policies" && r.Creates && r.EnsureAttributes() is { } attributes && !attributes.ContainsKey("heartbeatBasis"))
            {
                attributes["heartbeatBasis"] = HeartbeatBases.FromFirstPing;
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
        }, r =>
        {
            if (r.Type == "policies")
            {
                ReadConcurrent(r);
            }
        }),
    ];

    /// <summary>The newest version whose request bodies still differ from the current shape.</summary>
    private static readonly ApiVersion NewestOldInput = Steps.Where(s => s.Input is not null).Max(s => s.Through);

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

    /// <summary>
    /// A create or update body sent at <paramref name="version"/>, rewritten into the current shape for a route taking
    /// <paramref name="type"/> resources (<paramref name="creates"/>: a create); null when nothing changes, so the current
    /// version and bodies no step touches are read as sent. Steps change names and add the defaults the old version
    /// implied; they never validate beyond that, so a malformed body reaches the endpoint's own checks unchanged.
    /// </summary>
    public static JsonObject? MigrateRequest(JsonElement body, string type, bool creates, ApiVersion version)
    {
        if (version > NewestOldInput || body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("data", out var data)
            || data.ValueKind != JsonValueKind.Object || JsonObject.Create(body.Clone()) is not { } root || root["data"] is not JsonObject dataNode)
        {
            return null;
        }

        var before = root.ToJsonString();
        var target = new RequestTarget(dataNode, type, creates);
        foreach (var step in Steps)
        {
            if (step.Input is not null && version <= step.Through)
            {
                step.Input(target);
            }
        }

        return root.ToJsonString() == before ? null : root;
    }

    private static void Apply(JsonObject root, string eventName, ApiVersion version, IReadOnlyDictionary<Guid, Guid?>? licenseOwners)
    {
        var resources = Resources(root["data"]);
        resources.AddRange(Resources(root["included"]));
        var errors = root["errors"] is JsonArray list ? list.OfType<JsonObject>().ToList() : [];
        var target = new Target(root, resources, errors, eventName, licenseOwners);
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

        attributes.Insert(index + 1, "concurrent", StringOf(attributes.GetAt(index).Value) != OverageStrategies.NoOverage);
    }

    /// <summary>
    /// ≤1.1 policy input: a boolean <c>concurrent</c> sets <c>overageStrategy</c> (true: ALWAYS_ALLOW_OVERAGE, false:
    /// NO_OVERAGE) unless the body names one itself; a create that names neither gets ALWAYS_ALLOW_OVERAGE, the default
    /// of those versions. A <c>concurrent</c> that is not a boolean is a 400 type mismatch, as any attribute would be.
    /// </summary>
    private static void ReadConcurrent(RequestTarget r)
    {
        var attributes = r.Attributes;
        if (attributes is not null && attributes.IndexOf("concurrent") is var index and >= 0)
        {
            var value = attributes.GetAt(index).Value;
            var kind = value?.GetValueKind() ?? JsonValueKind.Null;
            if (kind == JsonValueKind.Null)
            {
                attributes.RemoveAt(index);
            }
            else if (kind is not (JsonValueKind.True or JsonValueKind.False))
            {
                using var sent = JsonDocument.Parse(value!.ToJsonString());
                throw DomainError.TypeMismatch("/data/attributes/concurrent", sent.RootElement, "boolean");
            }
            else
            {
                attributes.RemoveAt(index);
                if (!attributes.ContainsKey("overageStrategy"))
                {
                    attributes.Insert(index, "overageStrategy", kind == JsonValueKind.True ? OverageStrategies.AlwaysAllowOverage : OverageStrategies.NoOverage);
                }
            }
        }

        if (r.Creates && r.EnsureAttributes() is { } created && !created.ContainsKey("overageStrategy"))
        {
            created["overageStrategy"] = OverageStrategies.AlwaysAllowOverage;
        }
    }
}
