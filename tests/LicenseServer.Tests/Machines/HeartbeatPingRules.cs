using LicenseServer.Core.Errors;
using LicenseServer.Core.Machines;
using LicenseServer.Core.Policies;

namespace LicenseServer.Tests.Machines;

/// <summary>
/// The one ping of machines and processes (<see cref="Heartbeats.Ping"/>, behaviour.md §4.5, §4.6) at its boundaries:
/// a heartbeat exactly at its duration is alive, one second later it is dead, and a dead one is revived only inside
/// its window.
/// </summary>
public sealed class HeartbeatPingRules
{
    private static readonly DateTime Last = new(2025, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private static Policy Policy(string resurrection = "NO_REVIVE") =>
        new() { Name = "P", HeartbeatDuration = 120, HeartbeatResurrectionStrategy = resurrection };

    private static IHeartbeating Subject(string kind) => kind == "machine"
        ? new Machine { Fingerprint = "fp", LastHeartbeat = Last, LastDeathEventSentAt = Last.AddHours(1), Created = Last }
        : new MachineProcess { Pid = "1", LastHeartbeat = Last, LastDeathEventSentAt = Last.AddHours(1), Created = Last };

    [Theory]
    [InlineData("machine")]
    [InlineData("process")]
    public void A_heartbeat_exactly_at_its_duration_is_alive_and_pings(string kind)
    {
        var subject = Subject(kind);
        var now = Last.AddSeconds(120);

        var ping = Heartbeats.Ping(subject, Policy(), now);

        Assert.Equal($"{kind}.heartbeat.ping", ping.Event);
        Assert.Null(ping.Status);
        Assert.Equal(now, subject.LastHeartbeat);
        Assert.Equal(now, subject.Updated);
        Assert.Null(subject.LastDeathEventSentAt);
    }

    [Theory]
    [InlineData("machine", "MACHINE_HEARTBEAT_DEAD")]
    [InlineData("process", "PROCESS_HEARTBEAT_DEAD")]
    public void A_heartbeat_a_second_past_its_duration_is_dead_and_not_revived_without_a_window(string kind, string code)
    {
        var subject = Subject(kind);

        var error = Assert.Throws<DomainError>(() => Heartbeats.Ping(subject, Policy(), Last.AddSeconds(121)));

        Assert.Equal(code, error.Errors[0].Code);
        Assert.Equal("is dead", error.Errors[0].Detail);
        Assert.Equal(Last, subject.LastHeartbeat);
    }

    /// <summary>The 1-minute window closes one minute after the missed heartbeat (duration 120 s).</summary>
    [Theory]
    [InlineData("machine", 180, true)]
    [InlineData("machine", 181, false)]
    [InlineData("process", 180, true)]
    [InlineData("process", 181, false)]
    public void A_dead_heartbeat_is_resurrected_up_to_the_end_of_its_window(string kind, int seconds, bool revived)
    {
        var subject = Subject(kind);
        var now = Last.AddSeconds(seconds);

        if (!revived)
        {
            Assert.Throws<DomainError>(() => Heartbeats.Ping(subject, Policy("1_MINUTE_REVIVE"), now));
            return;
        }

        var ping = Heartbeats.Ping(subject, Policy("1_MINUTE_REVIVE"), now);
        Assert.Equal($"{kind}.heartbeat.resurrected", ping.Event);
        Assert.Equal(Heartbeats.Resurrected, ping.Status);
        Assert.Equal(now, subject.LastHeartbeat);
    }

    [Fact]
    public void A_machine_that_never_pinged_starts_its_heartbeat_with_a_ping()
    {
        var machine = new Machine { Fingerprint = "fp", Created = Last };

        var ping = Heartbeats.Ping(machine, Policy(), Last.AddDays(3));

        Assert.Equal("machine.heartbeat.ping", ping.Event);
        Assert.Equal(Last.AddDays(3), machine.LastHeartbeat);
    }

    [Fact]
    public void A_reset_machine_is_not_started_again()
    {
        var machine = new Machine { Fingerprint = "fp", Created = Last, LastHeartbeat = Last, LastDeathEventSentAt = Last };

        machine.ResetHeartbeat(Last.AddSeconds(5));

        Assert.Null(machine.LastHeartbeat);
        Assert.Null(machine.LastDeathEventSentAt);
        Assert.Equal(Heartbeats.NotStarted, Heartbeats.Status(machine, Policy(), Last.AddSeconds(5)));
    }
}
