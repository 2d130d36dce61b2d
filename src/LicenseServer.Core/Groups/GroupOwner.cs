namespace LicenseServer.Core.Groups;

/// <summary>A user who owns a group: they may read its users, licenses and machines.</summary>
public sealed class GroupOwner : AccountEntity
{
    public Guid GroupId { get; set; }

    public Guid UserId { get; set; }
}
