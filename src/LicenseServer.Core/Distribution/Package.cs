using LicenseServer.Core.Environments;
namespace LicenseServer.Core.Distribution;

/// <summary>A named line of releases of a product, for one engine (type <c>packages</c>, distribution.md §12).</summary>
public sealed class Package : AccountEntity, IEnvironmentScoped
{
    /// <inheritdoc/>
    public Guid? EnvironmentId { get; set; }

    public Guid ProductId { get; set; }

    public required string Name { get; set; }

    /// <summary>Unique per account; a path alias; never UUID-shaped, never <c>action(s)</c>.</summary>
    public required string Key { get; set; }

    /// <summary>The engine key (<see cref="Engines"/>), or null.</summary>
    public string? Engine { get; set; }

    /// <summary>JSON object with snake_case keys.</summary>
    public string Metadata { get; set; } = "{}";
}
