using LicenseServer.Core.Environments;
namespace LicenseServer.Core.Groups;

public sealed class Group : AccountEntity, IEnvironmentScoped
{
    /// <inheritdoc/>
    public Guid? EnvironmentId { get; set; }

    public required string Name { get; set; }

    public int? MaxUsers { get; set; }

    public int? MaxLicenses { get; set; }

    public int? MaxMachines { get; set; }

    /// <summary>JSON object with snake_case keys.</summary>
    public string Metadata { get; set; } = "{}";
}
