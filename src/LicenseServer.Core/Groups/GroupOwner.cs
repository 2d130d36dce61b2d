using LicenseServer.Core.Environments;
namespace LicenseServer.Core.Groups;

/// <summary>A user who owns a group: they may read its users, licenses and machines.</summary>
public sealed class GroupOwner : AccountEntity, IEnvironmentScoped
{
    /// <inheritdoc/>
    public Guid? EnvironmentId { get; set; }

    public Guid GroupId { get; set; }

    public Guid UserId { get; set; }
}
