namespace LicenseServer.Core.Common;

/// <summary>
/// Adds a number of seconds to a time the calendar way (behaviour.md §0.6): the seconds are split
/// greedily into years, months, weeks, days, hours, minutes and seconds, and each part is applied in
/// turn, years and months as calendar units (Jan 31 + 1 month = Feb 28/29).
/// </summary>
public static class CalendarDuration
{
    private const long Year = 31_556_952;
    private const long Month = 2_629_746;
    private const long Week = 604_800;
    private const long Day = 86_400;
    private const long Hour = 3_600;
    private const long Minute = 60;

    public static DateTime Add(DateTime start, long seconds)
    {
        var remaining = seconds;
        var years = Take(ref remaining, Year);
        var months = Take(ref remaining, Month);
        var weeks = Take(ref remaining, Week);
        var days = Take(ref remaining, Day);
        var hours = Take(ref remaining, Hour);
        var minutes = Take(ref remaining, Minute);

        var time = start;
        if (years != 0)
        {
            time = time.AddYears((int)years);
        }

        if (months != 0)
        {
            time = time.AddMonths((int)months);
        }

        if (weeks != 0)
        {
            time = time.AddDays(weeks * 7);
        }

        if (days != 0)
        {
            time = time.AddDays(days);
        }

        return time.AddSeconds((hours * Hour) + (minutes * Minute) + remaining);
    }

    /// <summary>Like <see cref="Add"/>, but false instead of an exception when the result would be past <see cref="DateTime.MaxValue"/>.</summary>
    public static bool TryAdd(DateTime start, long seconds, out DateTime result)
    {
        result = default;
        if (seconds > (DateTime.MaxValue - start).TotalSeconds - (2 * Month))
        {
            return false;
        }

        try
        {
            result = Add(start, seconds);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>count × a check-in interval (day, week, month or year) added in calendar units.</summary>
    public static DateTime AddInterval(DateTime start, string interval, int count) => interval switch
    {
        "day" => start.AddDays(count),
        "week" => start.AddDays(7 * count),
        "month" => start.AddMonths(count),
        "year" => start.AddYears(count),
        _ => start,
    };

    private static long Take(ref long remaining, long unit)
    {
        var n = remaining / unit;
        remaining %= unit;
        return n;
    }
}
