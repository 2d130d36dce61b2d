namespace LicenseServer.Core.Accounts;

public static class ApiVersions
{
    public const string Current = "1.8";

    public static readonly IReadOnlyList<string> Supported = ["1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8"];

    public static bool IsSupported(string version) => Supported.Contains(version);
}
