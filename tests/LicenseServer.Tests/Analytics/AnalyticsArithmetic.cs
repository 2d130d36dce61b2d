using LicenseServer.Core.Analytics;
using LicenseServer.Core.Errors;

namespace LicenseServer.Tests.Analytics;

/// <summary>
/// The rules of enterprise.md §6.2 that need no database: date windows and their limits, the heatmap's calendar
/// arithmetic, event patterns and metric names.
/// </summary>
public sealed class AnalyticsArithmetic
{
    private static readonly DateOnly Today = new(2026, 3, 18); // a Wednesday

    [Fact]
    public void A_series_window_defaults_to_the_last_14_days_and_today()
    {
        var window = AnalyticsWindow.ForSeries(null, null, Today);

        Assert.Equal(new DateOnly(2026, 3, 4), window.Start);
        Assert.Equal(Today, window.End);
        Assert.Equal(15, window.Days.Count());
        Assert.Equal(new DateTime(2026, 3, 4, 0, 0, 0, DateTimeKind.Utc), window.From);
        Assert.Equal(new DateTime(2026, 3, 19, 0, 0, 0, DateTimeKind.Utc), window.Until);
    }

    [Fact]
    public void A_heatmap_window_defaults_to_today_and_the_next_364_days() =>
        Assert.Equal(new AnalyticsWindow(Today, new DateOnly(2027, 3, 17)), AnalyticsWindow.ForHeatmap(null, null, Today));

    [Fact]
    public void The_top_lists_cover_the_last_14_days_today_included() =>
        Assert.Equal(new AnalyticsWindow(new DateOnly(2026, 3, 5), Today), AnalyticsWindow.LastTwoWeeks(Today));

    [Theory]
    [InlineData("2025-03-18", "2026-03-18", null)]
    [InlineData("2025-03-17", "2026-03-18", "date[start]")]
    [InlineData("2026-03-01", "2026-03-19", "date[end]")]
    public void A_series_looks_back_a_year_at_most_and_never_past_today(string start, string end, string? refused)
    {
        var check = () => AnalyticsWindow.ForSeries(DateOnly.Parse(start), DateOnly.Parse(end), Today);

        if (refused is null)
        {
            Assert.Equal(DateOnly.Parse(start), check().Start);
            return;
        }

        var error = Assert.Throws<DomainError>(() => check());
        Assert.Equal(ErrorKind.BadRequest, error.Kind);
        Assert.Equal(refused, error.Errors[0].Source?.Parameter);
    }

    [Theory]
    [InlineData("2026-02-18", "2027-03-18", null)]
    [InlineData("2026-02-17", "2026-03-18", "date[start]")]
    [InlineData("2026-03-18", "2027-03-19", "date[end]")]
    public void A_heatmap_starts_a_month_back_at_most_and_ends_a_year_ahead_at_most(string start, string end, string? refused)
    {
        var check = () => AnalyticsWindow.ForHeatmap(DateOnly.Parse(start), DateOnly.Parse(end), Today);

        if (refused is null)
        {
            Assert.Equal(DateOnly.Parse(end), check().End);
            return;
        }

        Assert.Equal(refused, Assert.Throws<DomainError>(() => check()).Errors[0].Source?.Parameter);
    }

    [Fact]
    public void Heatmap_cells_count_weeks_from_the_sunday_before_the_start_and_weekdays_from_sunday()
    {
        // 2026-03-18 is a Wednesday: the grid starts on Sunday 2026-03-15.
        var cells = HeatmapQueries.Cells(Today,
        [
            (new DateOnly(2026, 3, 18), 4),
            (new DateOnly(2026, 3, 21), 1),
            (new DateOnly(2026, 3, 22), 3),
            (new DateOnly(2026, 4, 1), 0),
            (new DateOnly(2026, 4, 6), 2),
        ]);

        Assert.Equal(
        [
            new HeatmapCell(new DateOnly(2026, 3, 18), 0, 3, 1.0, 4),
            new HeatmapCell(new DateOnly(2026, 3, 21), 0, 6, 0.3, 1),
            new HeatmapCell(new DateOnly(2026, 3, 22), 1, 0, 0.8, 3),
            new HeatmapCell(new DateOnly(2026, 4, 6), 3, 1, 0.5, 2),
        ], cells);
    }

    [Fact]
    public void Heatmap_temperature_rounds_halves_away_from_zero() =>
        Assert.Equal([0.3, 1.0], HeatmapQueries.Cells(Today, [(Today, 5), (Today.AddDays(1), 20)]).Select(c => c.Temperature));

    [Fact]
    public void No_days_no_cells() => Assert.Empty(HeatmapQueries.Cells(Today, []));

    [Theory]
    [InlineData("license.created", "license.created")]
    [InlineData("license.validation.*", "license.validation.failed license.validation.succeeded")]
    [InlineData("*.heartbeat.dead", "machine.heartbeat.dead process.heartbeat.dead")]
    [InlineData("license.bananas", "")]
    [InlineData("bananas.*", "")]
    public void Event_patterns_match_known_event_names_in_byte_order(string pattern, string expected) =>
        Assert.Equal(expected, string.Join(' ', EventPatterns.Match(pattern)));

    [Theory]
    [InlineData("*")]
    [InlineData("**")]
    [InlineData("license.bananas")]
    public void A_series_refuses_an_event_matching_nothing_known_and_a_bare_wildcard(string pattern) =>
        Assert.Equal("event", Assert.Throws<DomainError>(() => EventPatterns.RequireMatch(pattern)).Errors[0].Source?.Parameter);

    [Theory]
    [InlineData("VALID", "validations.valid")]
    [InlineData("NOT_FOUND", "validations.not-found")]
    [InlineData("FINGERPRINT_SCOPE_MISMATCH", "validations.fingerprint-scope-mismatch")]
    public void Validation_codes_become_dasherized_lower_case_metrics(string code, string metric) =>
        Assert.Equal(metric, SeriesQueries.ValidationMetric(code));

    [Fact]
    public void Event_metrics_replace_dots_with_dashes() =>
        Assert.Equal("events.license-validation-failed", EventPatterns.MetricOf("license.validation.failed"));
}
