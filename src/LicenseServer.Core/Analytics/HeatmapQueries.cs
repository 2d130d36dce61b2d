namespace LicenseServer.Core.Analytics;

/// <summary>
/// Heatmaps (enterprise.md §6.2): today only <c>expirations</c>, the licenses expiring on each UTC day of the window laid
/// out as a calendar, weeks across (from the Sunday on or before the window's start) and weekdays down.
/// </summary>
public static class HeatmapQueries
{
    public const string Expirations = "expirations";

    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal) { Expirations };

    /// <summary>One cell per day with expirations (zero days left out), in date order.</summary>
    public static async Task<List<HeatmapCell>> ExpirationsAsync(AnalyticsScope scope, AnalyticsWindow window, CancellationToken ct)
    {
        var rows = await scope.Licenses
            .Where(l => l.Expiry >= window.From && l.Expiry < window.Until)
            .GroupBy(l => DateOnly.FromDateTime(l.Expiry!.Value))
            .Select(g => new { Day = g.Key, Count = g.LongCount() })
            .ToListAsync(ct);
        return Cells(window.Start, rows.Select(r => (r.Day, r.Count)));
    }

    /// <summary>Lays out daily counts: <c>x</c> the week offset, <c>y</c> the weekday, <c>temperature</c> the share of the hottest day.</summary>
    public static List<HeatmapCell> Cells(DateOnly start, IEnumerable<(DateOnly Day, long Count)> counts)
    {
        var days = counts.Where(c => c.Count > 0).OrderBy(c => c.Day).ToList();
        var hottest = days.Count == 0 ? 1 : days.Max(c => c.Count);
        var gridStart = start.AddDays(-(int)start.DayOfWeek);
        return
        [
            .. days.Select(c => new HeatmapCell(c.Day, (c.Day.DayNumber - gridStart.DayNumber) / 7, (int)c.Day.DayOfWeek,
                Math.Round((double)c.Count / hottest, 1, MidpointRounding.AwayFromZero), c.Count)),
        ];
    }
}
