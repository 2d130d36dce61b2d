using LicenseServer.Api.Users;
using LicenseServer.Core.Groups;

namespace LicenseServer.Api.Groups;

/// <summary>The <c>group-owners</c> join resource; unlike the others it links to itself.</summary>
public static class GroupOwnerSerializer
{
    public const string Type = "group-owners";

    public static void Write(Utf8JsonWriter w, GroupOwner owner) => JoinSerializer.Write(w, Type, owner,
        ("group", GroupSerializer.Type, owner.GroupId),
        ("user", UserSerializer.Type, owner.UserId),
        ("self", $"{Links.Resource(owner.AccountId, GroupSerializer.Type, owner.GroupId)}/owners/{owner.Id}"));
}
