namespace LicenseServer.Core.Distribution;

/// <summary>The kinds of <see cref="DistributionKey"/>, named by their JSON:API types.</summary>
public static class DistributionKeyKinds
{
    public const string Engine = "engines";
    public const string Channel = "channels";
    public const string Platform = "platforms";
    public const string Arch = "arches";

    public static readonly IReadOnlyList<string> All = [Engine, Channel, Platform, Arch];
}
