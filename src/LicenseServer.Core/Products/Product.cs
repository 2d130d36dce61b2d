namespace LicenseServer.Core.Products;

public sealed class Product : AccountEntity
{
    public required string Name { get; set; }

    public string? Code { get; set; }

    public string DistributionStrategy { get; set; } = DistributionStrategies.Licensed;

    public string? Url { get; set; }

    public List<string>? Platforms { get; set; }

    /// <summary>JSON object with snake_case keys.</summary>
    public string Metadata { get; set; } = "{}";
}
