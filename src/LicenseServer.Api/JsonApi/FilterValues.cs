using System.Globalization;
using System.Text.RegularExpressions;

namespace LicenseServer.Api.JsonApi;

/// <summary>
/// Time-valued query filters (resources.md §1.7): durations (<c>within</c>, <c>in</c>, <c>inside</c>, <c>outside</c>)
/// are ISO-8601 durations with or without the leading P (<c>3d</c>, <c>1w</c>, <c>P1M</c>, <c>T12H</c>) or a number of
/// seconds; <c>before</c>/<c>after</c> take an ISO time or unix seconds; <c>on</c> takes a date. A value that does not
/// parse gives false, and the caller answers with an empty list rather than an error.
/// </summary>
public static partial class FilterValues
{
    /// <summary><paramref name="from"/> moved by the duration, forward (<paramref name="sign"/> 1) or back (-1).</summary>
    public static bool TryShift(string value, DateTime from, int sign, out DateTime result)
    {
        result = default;
        var text = value.Trim().ToUpperInvariant();
        try
        {
            if (Seconds().IsMatch(text))
            {
                result = from.AddSeconds(sign * double.Parse(text, CultureInfo.InvariantCulture));
                return true;
            }

            var match = Iso().Match(text.StartsWith('P') ? text[1..] : text);
            if (!match.Success || match.Length == 0 || text.EndsWith('T'))
            {
                return false;
            }

            int Part(string name) => match.Groups[name].Success ? sign * int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
            result = from.AddYears(Part("y")).AddMonths(Part("mo")).AddDays((7.0 * Part("w")) + Part("d"))
                .AddHours(Part("h")).AddMinutes(Part("mi")).AddSeconds(Part("s"));
            return true;
        }
        catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>An ISO-8601 time (UTC unless it carries an offset) or unix seconds.</summary>
    public static bool TryTime(string value, out DateTime result)
    {
        var text = value.Trim();
        if (Seconds().IsMatch(text))
        {
            try
            {
                result = DateTime.UnixEpoch.AddSeconds(double.Parse(text, CultureInfo.InvariantCulture));
                return true;
            }
            catch (ArgumentOutOfRangeException)
            {
                result = default;
                return false;
            }
        }

        return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out result);
    }

    /// <summary>A calendar date (<c>2025-03-01</c>; a full time is cut to its UTC date): the start of that day in UTC.</summary>
    public static bool TryDate(string value, out DateTime dayStart)
    {
        var text = value.Trim();
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            dayStart = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            return true;
        }

        if (!Seconds().IsMatch(text) && TryTime(text, out var time))
        {
            dayStart = DateTime.SpecifyKind(time.Date, DateTimeKind.Utc);
            return true;
        }

        dayStart = default;
        return false;
    }

    [GeneratedRegex(@"^[0-9]{1,12}(\.[0-9]{1,9})?$")]
    private static partial Regex Seconds();

    [GeneratedRegex(@"^(?:(?<y>[0-9]{1,6})Y)?(?:(?<mo>[0-9]{1,6})M)?(?:(?<w>[0-9]{1,6})W)?(?:(?<d>[0-9]{1,7})D)?(?:T(?:(?<h>[0-9]{1,8})H)?(?:(?<mi>[0-9]{1,9})M)?(?:(?<s>[0-9]{1,10})S)?)?$")]
    private static partial Regex Iso();
}
