using LicenseServer.Api.Users;
using LicenseServer.Core.Licenses;

namespace LicenseServer.Api.Licenses;

/// <summary>The <c>license-users</c> join resource returned by attach.</summary>
public static class LicenseUserSerializer
{
    public const string Type = "license-users";

    public static void Write(Utf8JsonWriter w, LicenseUser row) => JoinSerializer.Write(w, Type, row,
        ("license", LicenseSerializer.Type, row.LicenseId),
        ("user", UserSerializer.Type, row.UserId),
        ("related", $"{Links.Resource(row.AccountId, LicenseSerializer.Type, row.LicenseId)}/users/{row.UserId}"));
}
