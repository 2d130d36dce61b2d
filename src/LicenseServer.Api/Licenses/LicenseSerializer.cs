using LicenseServer.Core.Licenses;
using LicenseServer.Core.Permissions;
using static LicenseServer.Core.Policies.PolicyStrategies;

namespace LicenseServer.Api.Licenses;

/// <summary>Writes a license loaded with its details (<see cref="LicenseQueries"/>): policy, owner, user count, machine totals.</summary>
public static class LicenseSerializer
{
    public const string Type = "licenses";

    /// <summary>The resource object as a JSON string (event payloads written by the reminder jobs).</summary>
    public static string Json(License license, DateTime now) => EventLog.Payload(license, At(now));

    public static Action<Utf8JsonWriter, License> At(DateTime now) => (w, license) => Write(w, license, now);

    /// <summary>
    /// The create response. A legacy-encrypted key is stored only as its digest, so the raw key, kept in memory by the
    /// create, is written here and nowhere else.
    /// </summary>
    public static Action<Utf8JsonWriter, License> Created(DateTime now, string? rawKey) => (w, license) => Write(w, license, now, rawKey);

    public static void Write(Utf8JsonWriter w, License license, DateTime now, string? rawKey = null)
    {
        var policy = license.LoadedPolicy;
        var self = w.BeginResource(Type, license);
        w.WriteNullableString("name", license.Name);
        if (rawKey is not null || policy.Scheme != Schemes.LegacyEncrypt)
        {
            w.WriteString("key", rawKey ?? license.Key);
        }

        w.WriteTime("expiry", license.Expiry);
        w.WriteString("status", license.Status(now));
        w.WriteNumber("uses", license.Uses);
        w.WriteBoolean("suspended", license.Suspended);
        w.WriteNullableString("scheme", policy.Scheme);
        w.WriteBoolean("encrypted", policy.Encrypted);
        w.WriteBoolean("strict", policy.Strict);
        w.WriteBoolean("floating", policy.Floating);
        w.WriteBoolean("protected", license.Protected);
        w.WriteNullableString("version", license.Version);
        w.WriteNullableNumber("maxMachines", license.EffectiveMaxMachines);
        w.WriteNullableNumber("maxProcesses", license.EffectiveMaxProcesses);
        w.WriteNullableNumber("maxUsers", license.EffectiveMaxUsers);
        w.WriteNullableNumber("maxCores", license.EffectiveMaxCores);
        w.WriteNullableNumber("maxMemory", license.EffectiveMaxMemory);
        w.WriteNullableNumber("maxDisk", license.EffectiveMaxDisk);
        w.WriteNullableNumber("maxUses", license.EffectiveMaxUses);
        w.WriteBoolean("requireHeartbeat", policy.RequireHeartbeat);
        w.WriteBoolean("requireCheckIn", policy.RequireCheckIn);
        w.WriteTime("lastValidated", license.LastValidated);
        w.WriteTime("lastCheckIn", license.LastCheckIn);
        w.WriteTime("nextCheckIn", license.NextCheckIn);
        w.WriteTime("lastCheckOut", license.LastCheckOut);
        w.WriteStringArray("permissions", Grants.Rendered("license", license.Permissions));
        w.BeginRelationships(license, license.Metadata);
        w.WriteToOne("product", $"{self}/product", "products", license.ProductId);
        w.WriteToOne("policy", $"{self}/policy", "policies", license.PolicyId);
        w.WriteToOne("group", $"{self}/group", "groups", license.GroupId);
        w.WriteToOne("owner", $"{self}/owner", "users", license.OwnerId);
        WriteToManyWithCount(w, "users", $"{self}/users", license.UserCount);
        w.WriteStartObject("machines");
        w.WriteStartObject("links");
        w.WriteString("related", $"{self}/machines");
        w.WriteEndObject();
        w.WriteStartObject("meta");
        w.WriteNumber("cores", license.Machines.Cores);
        w.WriteNumber("memory", license.Machines.Memory);
        w.WriteNumber("disk", license.Machines.Disk);
        w.WriteNumber("count", license.Machines.Count);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteToMany("tokens", $"{self}/tokens");
        w.WriteToMany("entitlements", $"{self}/entitlements");
        w.EndResource(self);
    }

    private static void WriteToManyWithCount(Utf8JsonWriter w, string name, string related, int count)
    {
        w.WriteStartObject(name);
        w.WriteStartObject("links");
        w.WriteString("related", related);
        w.WriteEndObject();
        w.WriteStartObject("meta");
        w.WriteNumber("count", count);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
