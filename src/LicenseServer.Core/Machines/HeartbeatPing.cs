namespace LicenseServer.Core.Machines;

/// <summary>What a ping did: the event to record, and the status to show instead of the derived one (RESURRECTED) or null.</summary>
public readonly record struct HeartbeatPing(string Event, string? Status);
