using System.Text.Json;
using LicenseServer.Api.JsonApi;
using LicenseServer.Core.Users;

namespace LicenseServer.Api.Users;

public static class UserSerializer
{
    public const string Type = "users";

    private static readonly TimeSpan ActiveWindow = TimeSpan.FromDays(90);

    public static void Write(Utf8JsonWriter w, User user) => Write(w, user, DateTime.UtcNow);

    public static void Write(Utf8JsonWriter w, User user, DateTime now)
    {
        var self = Links.Resource(user.AccountId, Type, user.Id);
        w.WriteStartObject();
        w.WriteString("id", user.Id);
        w.WriteString("type", Type);
        w.WriteStartObject("attributes");
        w.WriteNullableString("fullName", user.FullName);
        w.WriteNullableString("firstName", user.FirstName);
        w.WriteNullableString("lastName", user.LastName);
        w.WriteString("email", user.Email);
        w.WriteString("status", Status(user, now));
        w.WriteString("role", user.Role);
        MetadataJson.Write(w, "metadata", user.Metadata);
        w.WriteTime("created", user.Created);
        w.WriteTime("updated", user.Updated);
        w.WriteEndObject();
        w.WriteStartObject("relationships");
        w.WriteToOne("account", Links.Account(user.AccountId), "accounts", user.AccountId);
        w.WriteToOne("group", $"{self}/group", "groups", user.GroupId);
        w.WriteToMany("products", $"{self}/products");
        w.WriteToMany("licenses", $"{self}/licenses");
        w.WriteToMany("machines", $"{self}/machines");
        w.WriteToMany("tokens", $"{self}/tokens");
        w.WriteToMany("secondFactors", $"{self}/second-factors");
        w.WriteEndObject();
        w.WriteSelfLink(self);
        w.WriteEndObject();
    }

    /// <summary>BANNED, ACTIVE (created in the last 90 days) or INACTIVE.</summary>
    public static string Status(User user, DateTime now) =>
        user.IsBanned ? "BANNED" : now - user.Created < ActiveWindow ? "ACTIVE" : "INACTIVE";
}
