using System.Text.Json;
using LicenseServer.Api.JsonApi;
using LicenseServer.Core.Groups;

namespace LicenseServer.Api.Groups;

public static class GroupOwnerSerializer
{
    public const string Type = "group-owners";

    public static void Write(Utf8JsonWriter w, GroupOwner owner)
    {
        w.WriteStartObject();
        w.WriteString("id", owner.Id);
        w.WriteString("type", Type);
        w.WriteStartObject("attributes");
        w.WriteTime("created", owner.Created);
        w.WriteTime("updated", owner.Updated);
        w.WriteEndObject();
        w.WriteStartObject("relationships");
        w.WriteToOne("account", Links.Account(owner.AccountId), "accounts", owner.AccountId);
        w.WriteToOne("group", Links.Resource(owner.AccountId, GroupSerializer.Type, owner.GroupId), GroupSerializer.Type, owner.GroupId);
        w.WriteToOne("user", Links.Resource(owner.AccountId, "users", owner.UserId), "users", owner.UserId);
        w.WriteEndObject();
        w.WriteSelfLink($"{Links.Resource(owner.AccountId, GroupSerializer.Type, owner.GroupId)}/owners/{owner.Id}");
        w.WriteEndObject();
    }
}
