namespace LicenseServer.Core.Distribution;

/// <summary>The engine keys a package may name (distribution.md §12), with their display names.</summary>
public static class Engines
{
    public const string Pypi = "pypi";
    public const string Tauri = "tauri";
    public const string Raw = "raw";
    public const string Rubygems = "rubygems";
    public const string Npm = "npm";
    public const string Oci = "oci";

    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Pypi] = "PyPI",
        [Tauri] = "Tauri",
        [Raw] = "Raw",
        [Rubygems] = "Rubygems",
        [Npm] = "npm",
        [Oci] = "OCI",
    };
}
