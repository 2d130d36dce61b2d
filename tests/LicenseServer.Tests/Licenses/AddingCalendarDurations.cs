using LicenseServer.Core.Common;

namespace LicenseServer.Tests.Licenses;

public sealed class AddingCalendarDurations
{
    private static readonly DateTime Start = new(2021, 7, 19, 0, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(7_889_238, "2021-10-19T00:00:00")]
    [InlineData(1_209_600, "2021-08-02T00:00:00")]
    [InlineData(2_592_000, "2021-08-18T00:00:00")]
    [InlineData(2_678_400, "2021-08-19T13:30:54")]
    [InlineData(31_536_000, "2022-07-19T04:39:54")]
    [InlineData(2_629_746, "2021-08-19T00:00:00")]
    [InlineData(86_400, "2021-07-20T00:00:00")]
    public void Seconds_are_split_into_calendar_parts(long seconds, string expected)
    {
        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), CalendarDuration.Add(Start, seconds));
    }

    [Fact]
    public void Thirty_one_days_is_one_month_and_change()
    {
        var start = new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        Assert.Equal(new DateTime(2023, 2, 1, 13, 30, 54, DateTimeKind.Utc), CalendarDuration.Add(start, 31 * 86_400));
    }

    [Fact]
    public void A_month_from_a_month_end_is_clamped_to_the_shorter_month()
    {
        var january31 = new DateTime(2023, 1, 31, 12, 0, 0, DateTimeKind.Utc);

        Assert.Equal(new DateTime(2023, 2, 28, 12, 0, 0, DateTimeKind.Utc), CalendarDuration.Add(january31, 2_629_746));
    }

    [Fact]
    public void A_month_from_january_31_in_a_leap_year_lands_on_february_29()
    {
        var january31 = new DateTime(2024, 1, 31, 0, 0, 0, DateTimeKind.Utc);

        Assert.Equal(new DateTime(2024, 2, 29, 0, 0, 0, DateTimeKind.Utc), CalendarDuration.Add(january31, 2_629_746));
    }

    [Fact]
    public void A_year_from_february_29_lands_on_february_28()
    {
        var leapDay = new DateTime(2024, 2, 29, 0, 0, 0, DateTimeKind.Utc);

        Assert.Equal(new DateTime(2025, 2, 28, 0, 0, 0, DateTimeKind.Utc), CalendarDuration.Add(leapDay, 31_556_952));
    }

    [Theory]
    [InlineData("day", 3, "2024-03-03T00:00:00")]
    [InlineData("week", 2, "2024-03-14T00:00:00")]
    [InlineData("month", 1, "2024-03-29T00:00:00")]
    [InlineData("year", 1, "2025-02-28T00:00:00")]
    public void Check_in_intervals_use_calendar_units(string interval, int count, string expected)
    {
        var leapDay = new DateTime(2024, 2, 29, 0, 0, 0, DateTimeKind.Utc);

        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), CalendarDuration.AddInterval(leapDay, interval, count));
    }
}
