namespace LicenseServer.Core.Licenses;

/// <summary>The <c>meta.scope</c> of a validation (behaviour.md §1.2), after parsing. Absent keys are null.</summary>
public sealed class ValidationScope
{
    public static readonly ValidationScope Empty = new();

    public string? Environment { get; init; }

    public string? Product { get; init; }

    public string? Policy { get; init; }

    /// <summary>True when <c>user</c> was sent, even as null (null matches a license without an owner).</summary>
    public bool HasUser { get; init; }

    public string? User { get; init; }

    public string? Machine { get; init; }

    public string? Fingerprint { get; init; }

    public IReadOnlyList<string>? Fingerprints { get; init; }

    public IReadOnlyList<string>? Components { get; init; }

    public IReadOnlyList<string>? Entitlements { get; init; }

    public string? Checksum { get; init; }

    public string? Version { get; init; }

    /// <summary>The fingerprints to match: the singular key wins; the list is compacted and de-duplicated.</summary>
    public IReadOnlyList<string>? FingerprintList =>
        Fingerprint is not null ? [Fingerprint]
        : Fingerprints?.Where(f => !string.IsNullOrEmpty(f)).Distinct().ToList();
}
