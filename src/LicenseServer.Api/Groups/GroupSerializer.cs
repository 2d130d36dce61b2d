using LicenseServer.Core.Groups;

namespace LicenseServer.Api.Groups;

public static class GroupSerializer
{
    public const string Type = "groups";

    public static void Write(Utf8JsonWriter w, Group group)
    {
        var self = w.BeginResource(Type, group);
        w.WriteString("name", group.Name);
        w.WriteNullableNumber("maxUsers", group.MaxUsers);
        w.WriteNullableNumber("maxLicenses", group.MaxLicenses);
        w.WriteNullableNumber("maxMachines", group.MaxMachines);
        w.BeginRelationships(group, group.Metadata);
        w.WriteToMany("owners", $"{self}/owners");
        w.WriteToMany("users", $"{self}/users");
        w.WriteToMany("licenses", $"{self}/licenses");
        w.WriteToMany("machines", $"{self}/machines");
        w.EndResource(self);
    }
}
