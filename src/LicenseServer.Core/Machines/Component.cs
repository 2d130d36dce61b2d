using LicenseServer.Core.Environments;
namespace LicenseServer.Core.Machines;

/// <summary>A hardware component of a machine (resources.md §15).</summary>
public sealed class Component : AccountEntity, IEnvironmentScoped
{
    /// <inheritdoc/>
    public Guid? EnvironmentId { get; set; }

    public Guid MachineId { get; set; }

    public required string Fingerprint { get; set; }

    public required string Name { get; set; }

    /// <summary>JSON object with snake_case keys.</summary>
    public string Metadata { get; set; } = "{}";

    public Machine? Machine { get; set; }
}
