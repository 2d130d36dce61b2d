namespace LicenseServer.Core.Products;

public static class DistributionStrategies
{
    public const string Licensed = "LICENSED";
    public const string Open = "OPEN";
    public const string Closed = "CLOSED";

    public static readonly IReadOnlyList<string> All = [Licensed, Open, Closed];
}
