using LicenseServer.Core.Environments;
namespace LicenseServer.Core.Licenses;

/// <summary>A user attached to a license besides its owner (type <c>license-users</c>).</summary>
public sealed class LicenseUser : AccountEntity, IEnvironmentScoped
{
    /// <inheritdoc/>
    public Guid? EnvironmentId { get; set; }

    public Guid LicenseId { get; set; }

    public Guid UserId { get; set; }
}
