namespace LicenseServer.Core.Machines;

/// <summary>Serializes a process (loaded with its machine, license and policy) as its wire resource object for an event payload.</summary>
public delegate string ProcessPayload(MachineProcess process, DateTime now);
