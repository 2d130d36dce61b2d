namespace LicenseServer.Core.Licenses;

/// <summary>Serializes a license (loaded with its details) as its wire resource object for an event payload (the API registers it).</summary>
public delegate string LicensePayload(License license, DateTime now);
