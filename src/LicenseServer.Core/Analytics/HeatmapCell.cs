namespace LicenseServer.Core.Analytics;

/// <summary>
/// One day of a heatmap: <see cref="X"/> is the week offset from the Sunday on or before the window's start,
/// <see cref="Y"/> the weekday (0 = Sunday), <see cref="Temperature"/> the count over the window's largest count, to 0.1.
/// </summary>
public sealed record HeatmapCell(DateOnly Date, int X, int Y, double Temperature, long Count);
