using LicenseServer.Core.Environments;
namespace LicenseServer.Core.Entitlements;

public sealed class Entitlement : AccountEntity, IEnvironmentScoped
{
    /// <inheritdoc/>
    public Guid? EnvironmentId { get; set; }

    public required string Name { get; set; }

    /// <summary>Unique per account, case-insensitively; never UUID-shaped, never <c>action(s)</c>.</summary>
    public required string Code { get; set; }

    /// <summary>JSON object with snake_case keys.</summary>
    public string Metadata { get; set; } = "{}";
}
