using LicenseServer.Core.Accounts;
using LicenseServer.Core.Policies;
using LicenseServer.Core.Users;

namespace LicenseServer.Core.Licenses;

/// <summary>What a license create asks <see cref="LicenseIssuer"/> for, with its related records already found in the account.</summary>
public sealed class LicenseOrder
{
    /// <summary>The account whose keys sign a scheme policy's key.</summary>
    public required Account Account { get; init; }

    public required Policy Policy { get; init; }

    public User? Owner { get; init; }

    /// <summary>The group the license joins (the owner's when the request named none); null for none.</summary>
    public Guid? GroupId { get; init; }

    /// <summary>A client-chosen id (privileged callers only), still to be checked as a UUID that no license has.</summary>
    public string? Id { get; init; }

    /// <summary>The requested key: a custom key, or the payload a scheme policy signs; null to generate or pop one.</summary>
    public string? Key { get; init; }

    /// <summary>The request's attributes, applied over the policy's defaults (a given expiry replaces the computed one).</summary>
    public Action<License>? Apply { get; init; }
}
