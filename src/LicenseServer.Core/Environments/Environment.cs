namespace LicenseServer.Core.Environments;

/// <summary>
/// An environment of an account (enterprise.md §1): records created in it belong to it; ISOLATED ones see only their own
/// records, SHARED ones also the global records (read-only). Environments themselves belong to no environment.
/// </summary>
public sealed class Environment : AccountEntity
{
    public const string Isolated = "ISOLATED";
    public const string Shared = "SHARED";

    public required string Name { get; set; }

    /// <summary>Unique per account, case-insensitively; kept as sent and matched exactly in lookups.</summary>
    public required string Code { get; set; }

    public string IsolationStrategy { get; set; } = Isolated;

    public bool IsShared => IsolationStrategy == Shared;
}
