using System.Text.Json;
using LicenseServer.Core.RequestLogs;
using LicenseServer.Core.Signatures;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace LicenseServer.Core.Events;

/// <summary>
/// The metadata of event logs (enterprise.md §3.2) that the change itself tells, computed once when the change is saved,
/// from the change tracker, so no handler writes it. <c>*.updated</c>: <c>{"diff": {…}}</c>, the columns the tracked record
/// changes as <c>[old, new]</c>, <c>updated</c> included, keyed by the stored snake_case names without a <c>_digest</c> or
/// <c>_at</c> suffix (camelCased when shown), secret-looking ones masked. <c>*.entitlements.attached|detached</c>:
/// <c>{"codes": […]}</c>, the codes of the entitlements the join rows added or removed.
/// </summary>
public static class EventLogMetadata
{
    private static readonly HashSet<string> Diffed =
        ["entitlement", "environment", "key", "license", "machine", "policy", "product", "user", "release", "package"];

    /// <summary>Sets <see cref="Event.LogMetadata"/> of the new events it applies to.</summary>
    public static async Task AddAsync(LicenseServerDb db, CancellationToken ct)
    {
        List<EntityEntry>? changed = null;
        foreach (var entry in db.ChangeTracker.Entries<Event>().ToList())
        {
            var recorded = entry.Entity;
            if (entry.State != EntityState.Added || recorded.LogMetadata is not null)
            {
                continue;
            }

            if (Diffs(recorded.Name))
            {
                changed ??= db.ChangeTracker.Entries().Where(e => e.State == EntityState.Modified && e.Entity is AccountEntity).ToList();
                var record = changed.FirstOrDefault(e => ((AccountEntity)e.Entity).Id == recorded.ResourceId);
                if (record is not null)
                {
                    recorded.LogMetadata = Diff(record);
                }
            }
            else if (recorded.Name.EndsWith(".entitlements.attached", StringComparison.Ordinal)
                || recorded.Name.EndsWith(".entitlements.detached", StringComparison.Ordinal))
            {
                recorded.LogMetadata = await CodesAsync(db, recorded.ResourceId, ct);
            }
        }
    }

    /// <summary>The codes of the entitlements whose license or policy join rows to <paramref name="parentId"/> this change adds or removes.</summary>
    private static async Task<string> CodesAsync(LicenseServerDb db, Guid parentId, CancellationToken ct)
    {
        var ids = new List<Guid>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Deleted))
            {
                continue;
            }

            switch (entry.Entity)
            {
                case Licenses.LicenseEntitlement join when join.LicenseId == parentId:
                    ids.Add(join.EntitlementId);
                    break;
                case Policies.PolicyEntitlement join when join.PolicyId == parentId:
                    ids.Add(join.EntitlementId);
                    break;
            }
        }

        var codes = await db.Entitlements.AsNoTracking().Where(e => ids.Contains(e.Id)).Select(e => new { e.Id, e.Code }).ToListAsync(ct);
        return SignedJson.Json(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("codes");
            foreach (var id in ids)
            {
                if (codes.Find(c => c.Id == id) is { } found)
                {
                    w.WriteStringValue(found.Code);
                }
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static bool Diffs(string name)
    {
        if (!name.EndsWith(".updated", StringComparison.Ordinal))
        {
            return false;
        }

        var dot = name.IndexOf('.');
        return dot == name.Length - ".updated".Length && Diffed.Contains(name[..dot]);
    }

    private static string Diff(EntityEntry record) => SignedJson.Json(w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("diff");
        foreach (var property in record.Properties)
        {
            if (!property.IsModified || Equals(property.OriginalValue, property.CurrentValue))
            {
                continue;
            }

            var column = property.Metadata.GetColumnName();
            var secret = Redaction.IsSecret(column);
            w.WriteStartArray(Name(column));
            var json = property.Metadata.GetColumnType() is "jsonb" or "json";
            Write(w, property.OriginalValue, json, secret);
            Write(w, property.CurrentValue, json, secret);
            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteEndObject();
    });

    private static string Name(string column)
    {
        foreach (var suffix in (ReadOnlySpan<string>)["_digest", "_at"])
        {
            if (column.EndsWith(suffix, StringComparison.Ordinal) && column.Length > suffix.Length)
            {
                return column[..^suffix.Length];
            }
        }

        return column;
    }

    private static void Write(Utf8JsonWriter w, object? value, bool json, bool secret)
    {
        switch (value)
        {
            case null:
                w.WriteNullValue();
                break;
            case bool b:
                w.WriteBooleanValue(b);
                break;
            case string s when json:
                // Secret-looking keys inside (a metadata's "license_key") are masked too, at any depth.
                var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(s));
                reader.Read();
                Redaction.Copy(ref reader, w, camelKeys: false, masked: secret);
                break;
            case DateTime time:
                Text(w, SignedJson.Time(time), secret);
                break;
            case int or long or short or double or decimal or float:
                if (secret)
                {
                    w.WriteStringValue(Redaction.Mask(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!));
                }
                else
                {
                    w.WriteRawValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!);
                }

                break;
            case string[] values:
                w.WriteStartArray();
                foreach (var item in values)
                {
                    Text(w, item, secret);
                }

                w.WriteEndArray();
                break;
            default:
                Text(w, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty, secret);
                break;
        }
    }

    private static void Text(Utf8JsonWriter w, string text, bool secret) => w.WriteStringValue(secret ? Redaction.Mask(text) : text);
}
