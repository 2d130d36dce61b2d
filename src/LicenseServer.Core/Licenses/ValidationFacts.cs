namespace LicenseServer.Core.Licenses;

/// <summary>
/// What a validation needs to know, loaded in one go by <see cref="LicenseQueries"/>: the license with its
/// policy and owner, plus whatever the scope asks about. Machine data plugs in here when machines exist.
/// </summary>
public sealed class ValidationFacts
{
    public required License License { get; init; }

    /// <summary>The code of the license's environment, read only when the validation has an environment scope.</summary>
    public string? EnvironmentCode { get; init; }

    /// <summary>Owner and attached users (id, email); loaded only when a user scope is given.</summary>
    public IReadOnlyList<LicenseUserFact> Users { get; init; } = [];

    /// <summary>Codes of the license's entitlements (policy ∪ license); loaded only for an entitlements scope.</summary>
    public IReadOnlySet<string> Entitlements { get; init; } = new HashSet<string>();

    /// <summary>The license's machines named by the machine or fingerprint scope.</summary>
    public IReadOnlyList<MachineFact> ScopedMachines { get; init; } = [];

    /// <summary>Machines counted against the limits (all of the license's, or the scoped user's with PER_USER leasing).</summary>
    public MachineTotals LeasedMachines { get; init; } = MachineTotals.None;

    /// <summary>Processes counted per the policy's process leasing strategy, and the limit that applies to them.</summary>
    public int Processes { get; init; }

    public int? ProcessLimit { get; init; }

    /// <summary>
    /// The version a <c>checksum</c> or <c>version</c> scope matched (distribution.md §15): the release of the highest-version
    /// uploaded artifact with that checksum, or the release with that version, among the published releases of the license's
    /// product it may read; null when none matched or the scope was not given.
    /// </summary>
    public string? ChecksumVersion { get; init; }

    /// <inheritdoc cref="ChecksumVersion"/>
    public string? ScopedVersion { get; init; }
}
