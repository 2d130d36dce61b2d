using System.Text.Json;
using LicenseServer.Api.JsonApi;
using LicenseServer.Core.Licenses;

namespace LicenseServer.Api.Licenses;

/// <summary>The <c>license-users</c> join resource returned by attach.</summary>
public static class LicenseUserSerializer
{
    public const string Type = "license-users";

    public static void Write(Utf8JsonWriter w, LicenseUser row)
    {
        var license = Links.Resource(row.AccountId, LicenseSerializer.Type, row.LicenseId);
        w.WriteStartObject();
        w.WriteString("id", row.Id);
        w.WriteString("type", Type);
        w.WriteStartObject("attributes");
        w.WriteTime("created", row.Created);
        w.WriteTime("updated", row.Updated);
        w.WriteEndObject();
        w.WriteStartObject("relationships");
        w.WriteToOne("account", Links.Account(row.AccountId), "accounts", row.AccountId);
        w.WriteToOne("license", license, LicenseSerializer.Type, row.LicenseId);
        w.WriteToOne("user", Links.Resource(row.AccountId, "users", row.UserId), "users", row.UserId);
        w.WriteEndObject();
        w.WriteStartObject("links");
        w.WriteString("related", $"{license}/users/{row.UserId}");
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
