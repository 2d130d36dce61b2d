namespace LicenseServer.Core.Licenses;

/// <summary>
/// A license just created by <see cref="LicenseIssuer"/>. A legacy-encrypted key is stored only as its digest, so the raw
/// <paramref name="LegacyKey"/> lives here, for the create response and nowhere else.
/// </summary>
public sealed record IssuedLicense(License License, string? LegacyKey);
