using LicenseServer.Core.Policies;
using static LicenseServer.Core.Policies.PolicyStrategies;

namespace LicenseServer.Core.Machines;

/// <summary>
/// Heartbeat rules for machines and processes (behaviour.md §4.5, §4.6). The status is derived from the last
/// heartbeat, the creation time, the policy and the time passed in; <see cref="Ping"/> is the one ping of both.
/// </summary>
public static class Heartbeats
{
    public const int DefaultDuration = 600;

    public const string NotStarted = "NOT_STARTED";
    public const string Alive = "ALIVE";
    public const string Dead = "DEAD";
    public const string Resurrected = "RESURRECTED";

    /// <summary>The policy's heartbeat duration in seconds, or 600.</summary>
    public static int Duration(Policy policy) => policy.HeartbeatDuration ?? DefaultDuration;

    public static bool Required(Machine machine, Policy policy) => policy.RequireHeartbeat || machine.LastHeartbeat is not null;

    public static DateTime? Next(DateTime? last, Policy policy) => last?.AddSeconds(Duration(policy));

    public static string Status(Machine machine, Policy policy, DateTime now) =>
        Status(machine.LastHeartbeat, machine.Created, policy, now);

    public static string Status(DateTime? last, DateTime created, Policy policy, DateTime now)
    {
        var duration = TimeSpan.FromSeconds(Duration(policy));
        if (last is null && (!(policy.RequireHeartbeat) || created >= now - duration))
        {
            return NotStarted;
        }

        return last is { } at && at + duration >= now ? Alive : Dead;
    }

    /// <summary>Processes always start alive: ALIVE while lastHeartbeat + interval ≥ now.</summary>
    public static string ProcessStatus(MachineProcess process, Policy policy, DateTime now) =>
        process.LastHeartbeat.AddSeconds(Duration(policy)) >= now ? Alive : Dead;

    /// <summary>How long after the missed heartbeat a dead machine may still be revived; null: never, MaxValue: always.</summary>
    public static TimeSpan? ReviveWindow(string strategy) => strategy switch
    {
        HeartbeatResurrectionStrategies.AlwaysRevive => TimeSpan.MaxValue,
        HeartbeatResurrectionStrategies.OneMinuteRevive => TimeSpan.FromMinutes(1),
        HeartbeatResurrectionStrategies.TwoMinuteRevive => TimeSpan.FromMinutes(2),
        HeartbeatResurrectionStrategies.FiveMinuteRevive => TimeSpan.FromMinutes(5),
        HeartbeatResurrectionStrategies.TenMinuteRevive => TimeSpan.FromMinutes(10),
        HeartbeatResurrectionStrategies.FifteenMinuteRevive => TimeSpan.FromMinutes(15),
        _ => null,
    };

    /// <summary>
    /// True when a dead heartbeat may still be revived: the strategy is not NO_REVIVE and the window after the
    /// missed heartbeat has not passed. One that never pinged is past its window unless ALWAYS_REVIVE.
    /// </summary>
    public static bool CanResurrect(DateTime? last, Policy policy, DateTime now)
    {
        var window = ReviveWindow(policy.HeartbeatResurrectionStrategy);
        if (window is null)
        {
            return false;
        }

        if (window == TimeSpan.MaxValue)
        {
            return true;
        }

        return last is { } at && now <= at.AddSeconds(Duration(policy)) + window.Value;
    }

    /// <summary>
    /// A ping at <paramref name="now"/>: a live (or not started) heartbeat beats; a dead one is resurrected while the
    /// policy's revive window is open, else 422 with the kind's <c>…_HEARTBEAT_DEAD</c> code. Either way the death
    /// marker is cleared, so a later death is reported again.
    /// </summary>
    public static HeartbeatPing Ping(IHeartbeating subject, Policy policy, DateTime now)
    {
        var kind = subject.HeartbeatKind;
        var ping = new HeartbeatPing(kind.PingEvent, null);
        if (subject.HeartbeatStatus(policy, now) == Dead)
        {
            if (!CanResurrect(subject.LastHeartbeat, policy, now))
            {
                throw DomainError.Unprocessable("is dead", code: kind.DeadCode);
            }

            ping = new HeartbeatPing(kind.ResurrectedEvent, Resurrected);
        }

        subject.Beat(now);
        subject.LastDeathEventSentAt = null;
        subject.Updated = now;
        return ping;
    }

    /// <summary>What the cull job does with a dead heartbeat after reporting it.</summary>
    public enum Verdict
    {
        /// <summary>The revive window is open: keep watching for a revival (then pong).</summary>
        Monitor,

        /// <summary>The window has passed under DEACTIVATE_DEAD: delete it.</summary>
        Cull,

        /// <summary>ALWAYS_REVIVE, or the window has passed under KEEP_DEAD: keep it dead, stop watching.</summary>
        Keep,
    }

    public static Verdict Watch(DateTime? last, Policy policy, DateTime now)
    {
        if (policy.HeartbeatResurrectionStrategy == HeartbeatResurrectionStrategies.AlwaysRevive)
        {
            return Verdict.Keep;
        }

        if (CanResurrect(last, policy, now))
        {
            return Verdict.Monitor;
        }

        return policy.HeartbeatCullStrategy == HeartbeatCullStrategies.DeactivateDead ? Verdict.Cull : Verdict.Keep;
    }
}
