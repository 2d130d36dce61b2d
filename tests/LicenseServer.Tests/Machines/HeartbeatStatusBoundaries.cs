using LicenseServer.Core.Machines;
using LicenseServer.Core.Policies;

namespace LicenseServer.Tests.Machines;

/// <summary>
/// The derived heartbeat status and the cull job's verdict (behaviour.md §4.5, §4.6) exactly at their boundaries, one
/// tick either side: the status turns at lastHeartbeat + D, a required heartbeat that never started dies at createdAt + D,
/// and a revive window closes at nextHeartbeat + window.
/// </summary>
public sealed class HeartbeatStatusBoundaries
{
    private static readonly DateTime Last = new(2025, 3, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(120);

    private static Policy Policy(bool required = true, string resurrection = "NO_REVIVE", string cull = "DEACTIVATE_DEAD") => new()
    {
        Name = "P",
        HeartbeatDuration = 120,
        RequireHeartbeat = required,
        HeartbeatResurrectionStrategy = resurrection,
        HeartbeatCullStrategy = cull,
    };

    [Theory]
    [InlineData(-1, Heartbeats.Alive)]
    [InlineData(0, Heartbeats.Alive)]
    [InlineData(1, Heartbeats.Dead)]
    public void A_machine_heartbeat_is_alive_up_to_its_next_heartbeat_inclusive(int ticksPastNext, string status) =>
        Assert.Equal(status, Heartbeats.Status(Last, Last.AddDays(-1), Policy(), Last + Duration + (Tick * ticksPastNext)));

    [Theory]
    [InlineData(-1, Heartbeats.Alive)]
    [InlineData(0, Heartbeats.Alive)]
    [InlineData(1, Heartbeats.Dead)]
    public void A_process_is_alive_up_to_its_next_heartbeat_inclusive(int ticksPastNext, string status)
    {
        var process = new MachineProcess { Pid = "1", LastHeartbeat = Last };

        Assert.Equal(status, Heartbeats.ProcessStatus(process, Policy(), Last + Duration + (Tick * ticksPastNext)));
    }

    [Theory]
    [InlineData(-1, Heartbeats.NotStarted)]
    [InlineData(0, Heartbeats.NotStarted)]
    [InlineData(1, Heartbeats.Dead)]
    public void A_required_heartbeat_that_never_started_dies_one_duration_after_creation(int ticksPastDuration, string status) =>
        Assert.Equal(status, Heartbeats.Status(null, Last, Policy(), Last + Duration + (Tick * ticksPastDuration)));

    [Fact]
    public void A_heartbeat_that_is_not_required_and_never_started_stays_not_started() =>
        Assert.Equal(Heartbeats.NotStarted, Heartbeats.Status(null, Last, Policy(required: false), Last.AddYears(1)));

    [Fact]
    public void A_single_ping_turns_monitoring_on_even_when_not_required() =>
        Assert.Equal(Heartbeats.Dead, Heartbeats.Status(Last, Last, Policy(required: false), Last + Duration + Tick));

    [Fact]
    public void Without_a_policy_duration_the_heartbeat_lasts_600_seconds()
    {
        var policy = new Policy { Name = "P", RequireHeartbeat = true };

        Assert.Equal(Heartbeats.Alive, Heartbeats.Status(Last, Last, policy, Last.AddSeconds(600)));
        Assert.Equal(Heartbeats.Dead, Heartbeats.Status(Last, Last, policy, Last.AddSeconds(600) + Tick));
        Assert.Equal(Last.AddSeconds(600), Heartbeats.Next(Last, policy));
        Assert.Null(Heartbeats.Next(null, policy));
    }

    [Theory]
    [InlineData(false, null, false)]
    [InlineData(true, null, true)]
    [InlineData(false, 0, true)]
    public void A_heartbeat_is_required_by_the_policy_or_by_a_first_ping(bool required, int? pingedSecondsAgo, bool expected)
    {
        var machine = new Machine { Fingerprint = "fp", LastHeartbeat = pingedSecondsAgo is { } s ? Last.AddSeconds(-s) : null };

        Assert.Equal(expected, Heartbeats.Required(machine, Policy(required)));
    }

    [Theory]
    [InlineData("1_MINUTE_REVIVE", 60)]
    [InlineData("2_MINUTE_REVIVE", 120)]
    [InlineData("5_MINUTE_REVIVE", 300)]
    [InlineData("10_MINUTE_REVIVE", 600)]
    [InlineData("15_MINUTE_REVIVE", 900)]
    public void A_revive_window_closes_exactly_its_length_after_the_missed_heartbeat(string strategy, int windowSeconds)
    {
        var closes = Last + Duration + TimeSpan.FromSeconds(windowSeconds);

        Assert.True(Heartbeats.CanResurrect(Last, Policy(resurrection: strategy), closes));
        Assert.False(Heartbeats.CanResurrect(Last, Policy(resurrection: strategy), closes + Tick));
    }

    [Fact]
    public void No_revive_never_resurrects_and_always_revive_always_does()
    {
        Assert.False(Heartbeats.CanResurrect(Last, Policy(resurrection: "NO_REVIVE"), Last + Duration + Tick));
        Assert.True(Heartbeats.CanResurrect(Last, Policy(resurrection: "ALWAYS_REVIVE"), Last.AddYears(5)));
        Assert.True(Heartbeats.CanResurrect(null, Policy(resurrection: "ALWAYS_REVIVE"), Last));
        Assert.False(Heartbeats.CanResurrect(null, Policy(resurrection: "15_MINUTE_REVIVE"), Last));
    }

    [Theory]
    [InlineData("1_MINUTE_REVIVE", "DEACTIVATE_DEAD", 0, Heartbeats.Verdict.Monitor)]
    [InlineData("1_MINUTE_REVIVE", "DEACTIVATE_DEAD", 1, Heartbeats.Verdict.Cull)]
    [InlineData("1_MINUTE_REVIVE", "KEEP_DEAD", 1, Heartbeats.Verdict.Keep)]
    [InlineData("NO_REVIVE", "DEACTIVATE_DEAD", 0, Heartbeats.Verdict.Cull)]
    [InlineData("ALWAYS_REVIVE", "KEEP_DEAD", 0, Heartbeats.Verdict.Keep)]
    public void The_cull_job_watches_while_the_window_is_open_then_culls_or_keeps(string resurrection, string cull, int ticksPastWindow, Heartbeats.Verdict verdict)
    {
        var windowEnd = Last + Duration + TimeSpan.FromMinutes(1);

        Assert.Equal(verdict, Heartbeats.Watch(Last, Policy(resurrection: resurrection, cull: cull), windowEnd + (Tick * ticksPastWindow)));
    }
}
