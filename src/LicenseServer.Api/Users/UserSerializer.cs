using LicenseServer.Core.Permissions;
using LicenseServer.Core.Users;

namespace LicenseServer.Api.Users;

public static class UserSerializer
{
    public const string Type = "users";

    private static readonly TimeSpan ActiveWindow = TimeSpan.FromDays(90);

    /// <summary>The writer for users seen at <paramref name="now"/> (the database clock), which decides ACTIVE or INACTIVE.</summary>
    public static Action<Utf8JsonWriter, User> At(DateTime now) => (w, user) => Write(w, user, now);

    public static void Write(Utf8JsonWriter w, User user, DateTime now)
    {
        var self = w.BeginResource(Type, user);
        w.WriteNullableString("fullName", user.FullName);
        w.WriteNullableString("firstName", user.FirstName);
        w.WriteNullableString("lastName", user.LastName);
        w.WriteString("email", user.Email);
        w.WriteString("status", Status(user, now));
        w.WriteString("role", user.Role);
        w.WriteStringArray("permissions", Grants.Rendered(user.Role, user.Permissions));
        w.BeginRelationships(user, user.Metadata);
        w.WriteToOne("group", $"{self}/group", "groups", user.GroupId);
        w.WriteToMany("products", $"{self}/products");
        w.WriteToMany("licenses", $"{self}/licenses");
        w.WriteToMany("machines", $"{self}/machines");
        w.WriteToMany("tokens", $"{self}/tokens");
        w.WriteToMany("secondFactors", $"{self}/second-factors");
        w.EndResource(self);
    }

    /// <summary>BANNED, ACTIVE (created in the last 90 days) or INACTIVE.</summary>
    public static string Status(User user, DateTime now) =>
        user.IsBanned ? "BANNED" : now - user.Created < ActiveWindow ? "ACTIVE" : "INACTIVE";
}
