namespace LicenseServer.Core.Licenses;

/// <summary>Machine count and summed cores, memory and disk of a license (relationship meta and limits).</summary>
public sealed record MachineTotals(int Count, long Cores, long Memory, long Disk)
{
    public static readonly MachineTotals None = new(0, 0, 0, 0);
}
