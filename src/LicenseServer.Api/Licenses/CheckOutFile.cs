namespace LicenseServer.Api.Licenses;

/// <summary>A license file or machine file as answered by a check-out; never stored (its id is random).</summary>
public sealed record CheckOutFile(
    string Type,
    Guid AccountId,
    Guid LicenseId,
    Guid? MachineId,
    string Certificate,
    string Algorithm,
    IReadOnlyList<string> Includes,
    long? Ttl,
    DateTime? Expiry,
    DateTime Issued)
{
    public const string LicenseFiles = "license-files";
    public const string MachineFiles = "machine-files";

    public Guid Id { get; } = Guid.NewGuid();
}
