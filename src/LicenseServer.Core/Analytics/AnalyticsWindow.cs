namespace LicenseServer.Core.Analytics;

/// <summary>
/// The UTC days a series, leaderboard or heatmap covers, both ends included, checked against the limits of enterprise.md
/// §6.2: series and leaderboards look back at most a year and never past today; heatmaps start at most a month back and end
/// at most a year ahead. A violation is a 400 naming <c>date[start]</c> or <c>date[end]</c>.
/// </summary>
public readonly record struct AnalyticsWindow(DateOnly Start, DateOnly End)
{
    public const string StartParameter = "date[start]";
    public const string EndParameter = "date[end]";

    /// <summary>The first instant of the window.</summary>
    public DateTime From => AnalyticsScope.StartOf(Start);

    /// <summary>The first instant after the window (exclusive).</summary>
    public DateTime Until => AnalyticsScope.StartOf(End.AddDays(1));

    /// <summary>Every day of the window in order (none when it ends before it starts).</summary>
    public IEnumerable<DateOnly> Days
    {
        get
        {
            for (var day = Start; day <= End; day = day.AddDays(1))
            {
                yield return day;
            }
        }
    }

    /// <summary>A series or leaderboard window: default today − 14 days to today; start ≥ today − 1 year, end ≤ today.</summary>
    public static AnalyticsWindow ForSeries(DateOnly? start, DateOnly? end, DateOnly today) =>
        Checked(start ?? today.AddDays(-14), end ?? today, today.AddYears(-1), today);

    /// <summary>A heatmap window: default today to today + 364 days; start ≥ today − 1 month, end ≤ today + 1 year.</summary>
    public static AnalyticsWindow ForHeatmap(DateOnly? start, DateOnly? end, DateOnly today) =>
        Checked(start ?? today, end ?? today.AddDays(364), today.AddMonths(-1), today.AddYears(1));

    /// <summary>The legacy top-by-volume lists: the last 14 UTC days, today included.</summary>
    public static AnalyticsWindow LastTwoWeeks(DateOnly today) => new(today.AddDays(-13), today);

    private static AnalyticsWindow Checked(DateOnly start, DateOnly end, DateOnly earliestStart, DateOnly latestEnd)
    {
        if (start < earliestStart)
        {
            throw DomainError.BadParameter(StartParameter, $"must be greater than or equal to {earliestStart:yyyy-MM-dd}");
        }

        if (end > latestEnd)
        {
            throw DomainError.BadParameter(EndParameter, $"must be less than or equal to {latestEnd:yyyy-MM-dd}");
        }

        return new AnalyticsWindow(start, end);
    }
}
