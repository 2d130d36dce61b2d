namespace LicenseServer.Core.Distribution;

/// <summary>The statuses of a release (distribution.md §4.6).</summary>
public static class ReleaseStatuses
{
    public const string Draft = "DRAFT";
    public const string Published = "PUBLISHED";
    public const string Yanked = "YANKED";

    public static readonly IReadOnlyList<string> All = [Draft, Published, Yanked];
}
