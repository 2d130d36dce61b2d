namespace LicenseServer.Core.Distribution;

/// <summary>The release channels by increasing instability, and the channel sets a requested channel selects (distribution.md §3.2).</summary>
public static class ReleaseChannels
{
    public const string Stable = "stable";
    public const string Rc = "rc";
    public const string Beta = "beta";
    public const string Alpha = "alpha";
    public const string Dev = "dev";

    public static readonly IReadOnlyList<string> All = [Stable, Rc, Beta, Alpha, Dev];

    /// <summary>The channels a request for <paramref name="requested"/> considers; empty for an unknown key.</summary>
    public static IReadOnlyList<string> SetOf(string requested) => requested switch
    {
        Stable => [Stable],
        Rc => [Stable, Rc],
        Beta => [Stable, Rc, Beta],
        Alpha => [Stable, Rc, Beta, Alpha],
        Dev => [Dev],
        _ => [],
    };
}
