using LicenseServer.Core.Machines;

namespace LicenseServer.Api.Machines;

/// <summary>The <c>status</c> filter of process indexes (ALIVE or DEAD at <c>now</c>).</summary>
public static class ProcessFilters
{
    public static IQueryable<MachineProcess> Status(IQueryable<MachineProcess> query, IQueryCollection filter, DateTime now)
    {
        if (!filter.TryGetValue("status", out var status))
        {
            return query;
        }

        return status.ToString().ToUpperInvariant() switch
        {
            Heartbeats.Alive => query.Where(p => p.LastHeartbeat.AddSeconds(p.Machine!.License!.Policy!.HeartbeatDuration ?? Heartbeats.DefaultDuration) >= now),
            Heartbeats.Dead => query.Where(p => p.LastHeartbeat.AddSeconds(p.Machine!.License!.Policy!.HeartbeatDuration ?? Heartbeats.DefaultDuration) < now),
            _ => query.Where(_ => false),
        };
    }
}
