namespace LicenseServer.Core.Distribution;

/// <summary>The statuses of an artifact (distribution.md §6.2).</summary>
public static class ArtifactStatuses
{
    public const string Waiting = "WAITING";
    public const string Processing = "PROCESSING";
    public const string Uploaded = "UPLOADED";
    public const string Failed = "FAILED";
    public const string Yanked = "YANKED";

    public static readonly IReadOnlyList<string> All = [Waiting, Processing, Uploaded, Failed, Yanked];
}
