namespace LicenseServer.Core.Machines;

/// <summary>Serializes a machine as its wire resource object for an event payload (the API registers it).</summary>
public delegate string MachinePayload(Machine machine, DateTime now);
