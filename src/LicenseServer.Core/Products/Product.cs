using LicenseServer.Core.Environments;
namespace LicenseServer.Core.Products;

public sealed class Product : AccountEntity, IEnvironmentScoped
{
    /// <inheritdoc/>
    public Guid? EnvironmentId { get; set; }

    public required string Name { get; set; }

    public string? Code { get; set; }

    public string DistributionStrategy { get; set; } = DistributionStrategies.Licensed;

    public string? Url { get; set; }

    public List<string>? Platforms { get; set; }

    /// <summary>JSON object with snake_case keys.</summary>
    public string Metadata { get; set; } = "{}";

    /// <summary>
    /// The stored <c>permissions</c> (enterprise.md §5): null for the role's default set, <c>["*"]</c> for everything the role
    /// allows, otherwise the strings given. Read through <see cref="Permissions.Grants"/>.
    /// </summary>
    public string[]? Permissions { get; set; }
}
