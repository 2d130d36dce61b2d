using System.Text.Json;
using LicenseServer.Api.JsonApi;
using LicenseServer.Core.Groups;

namespace LicenseServer.Api.Groups;

public static class GroupSerializer
{
    public const string Type = "groups";

    public static void Write(Utf8JsonWriter w, Group group)
    {
        var self = Links.Resource(group.AccountId, Type, group.Id);
        w.WriteStartObject();
        w.WriteString("id", group.Id);
        w.WriteString("type", Type);
        w.WriteStartObject("attributes");
        w.WriteString("name", group.Name);
        w.WriteNullableNumber("maxUsers", group.MaxUsers);
        w.WriteNullableNumber("maxLicenses", group.MaxLicenses);
        w.WriteNullableNumber("maxMachines", group.MaxMachines);
        MetadataJson.Write(w, "metadata", group.Metadata);
        w.WriteTime("created", group.Created);
        w.WriteTime("updated", group.Updated);
        w.WriteEndObject();
        w.WriteStartObject("relationships");
        w.WriteToOne("account", Links.Account(group.AccountId), "accounts", group.AccountId);
        w.WriteToMany("owners", $"{self}/owners");
        w.WriteToMany("users", $"{self}/users");
        w.WriteToMany("licenses", $"{self}/licenses");
        w.WriteToMany("machines", $"{self}/machines");
        w.WriteEndObject();
        w.WriteSelfLink(self);
        w.WriteEndObject();
    }
}
