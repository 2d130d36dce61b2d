namespace LicenseServer.Api.JsonApi;

/// <summary>
/// The join resources an attach returns (<c>license-users</c>, <c>license-entitlements</c>, <c>policy-entitlements</c>,
/// <c>group-owners</c>): no attributes but the timestamps, the account and the two joined rows as relationships, in the
/// order given, and one link.
/// </summary>
public static class JoinSerializer
{
    /// <param name="w">The writer.</param>
    /// <param name="type">The join resource's type.</param>
    /// <param name="row">The join row.</param>
    /// <param name="first">The first joined row: relationship name, resource type, id.</param>
    /// <param name="second">The second joined row, likewise.</param>
    /// <param name="link">The one member of <c>links</c> (<c>related</c> or <c>self</c>) and its URL.</param>
    public static void Write(
        Utf8JsonWriter w,
        string type,
        AccountEntity row,
        (string Name, string Type, Guid Id) first,
        (string Name, string Type, Guid Id) second,
        (string Name, string Url) link)
    {
        w.BeginResource(type, row.Id);
        w.BeginRelationships(row);
        w.WriteToOne(first.Name, Links.Resource(row.AccountId, first.Type, first.Id), first.Type, first.Id);
        w.WriteToOne(second.Name, Links.Resource(row.AccountId, second.Type, second.Id), second.Type, second.Id);
        w.WriteEndObject();
        w.WriteStartObject("links");
        w.WriteString(link.Name, link.Url);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
