namespace LicenseServer.Core.Licenses;

/// <summary>A user of a license (owner or attached), as validation sees it.</summary>
public sealed record LicenseUserFact(Guid Id, string Email);
