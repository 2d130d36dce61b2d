using LicenseServer.Core.Common;
using LicenseServer.Core.Policies;
using LicenseServer.Core.Users;

namespace LicenseServer.Core.Licenses;

/// <summary>
/// A license (resources.md §11). Limits are overrides: null means "the policy's value"; the
/// effective values are the <c>Effective…</c> properties, which need <see cref="Policy"/> loaded.
/// </summary>
public sealed class License : AccountEntity
{
    public static readonly TimeSpan ExpiringWindow = TimeSpan.FromDays(3);
    public static readonly TimeSpan InactiveWindow = TimeSpan.FromDays(90);

    public Guid PolicyId { get; set; }

    public Guid ProductId { get; set; }

    public Guid? OwnerId { get; set; }

    /// <summary>The license's group; the Group entity (and its foreign key) belongs to the groups resource.</summary>
    public Guid? GroupId { get; set; }

    public string? Name { get; set; }

    public required string Key { get; set; }

    /// <summary>SHA-256 of <see cref="Key"/>: keys may be up to 16 KB, so uniqueness and lookup go through the digest.</summary>
    public required string KeyDigest { get; set; }

    public DateTime? Expiry { get; set; }

    public int Uses { get; set; }

    public bool Suspended { get; set; }

    public bool Protected { get; set; }

    public int? MaxMachines { get; set; }

    public int? MaxProcesses { get; set; }

    public int? MaxUsers { get; set; }

    public int? MaxCores { get; set; }

    public long? MaxMemory { get; set; }

    public long? MaxDisk { get; set; }

    public int? MaxUses { get; set; }

    public string? Version { get; set; }

    public DateTime? LastValidated { get; set; }

    public DateTime? LastCheckIn { get; set; }

    public DateTime? LastCheckOut { get; set; }

    /// <summary>When the reminder jobs last sent <c>license.expiring-soon</c> for this license (their 24-hour de-duplication).</summary>
    public DateTime? LastExpiringSoonEventSentAt { get; set; }

    /// <summary>When the reminder jobs last sent <c>license.expired</c>.</summary>
    public DateTime? LastExpirationEventSentAt { get; set; }

    /// <summary>When the reminder jobs last sent <c>license.check-in-required-soon</c>.</summary>
    public DateTime? LastCheckInSoonEventSentAt { get; set; }

    /// <summary>When the reminder jobs last sent <c>license.check-in-overdue</c>.</summary>
    public DateTime? LastCheckInEventSentAt { get; set; }

    /// <summary>JSON object with snake_case keys.</summary>
    public string Metadata { get; set; } = "{}";

    public Policy? Policy { get; set; }

    public User? Owner { get; set; }

    /// <summary>Users attached through license-users (not counting the owner). Filled when loaded; not a column.</summary>
    public int AttachedUsers { get; set; }

    /// <summary>Sums over the license's machines. Filled when loaded; not a column.</summary>
    public MachineTotals Machines { get; set; } = MachineTotals.None;

    public Policy LoadedPolicy => Policy ?? throw new InvalidOperationException("The license's policy was not loaded.");

    public int? EffectiveMaxMachines => MaxMachines ?? LoadedPolicy.MaxMachines;

    public int? EffectiveMaxProcesses => MaxProcesses ?? LoadedPolicy.MaxProcesses;

    public int? EffectiveMaxUsers => MaxUsers ?? LoadedPolicy.MaxUsers;

    public int? EffectiveMaxCores => MaxCores ?? LoadedPolicy.MaxCores;

    public long? EffectiveMaxMemory => MaxMemory ?? LoadedPolicy.MaxMemory;

    public long? EffectiveMaxDisk => MaxDisk ?? LoadedPolicy.MaxDisk;

    public int? EffectiveMaxUses => MaxUses ?? LoadedPolicy.MaxUses;

    /// <summary>Owner plus attached users.</summary>
    public int UserCount => AttachedUsers + (OwnerId is null ? 0 : 1);

    public bool IsBanned => Owner?.IsBanned == true;

    public bool IsExpired(DateTime now) => Expiry is { } expiry && expiry <= now;

    public DateTime? NextCheckIn =>
        LoadedPolicy is { RequireCheckIn: true, CheckInInterval: { } interval, CheckInIntervalCount: { } count } && LastCheckIn is { } last
            ? CalendarDuration.AddInterval(last, interval, count)
            : null;

    /// <summary>Never overdue without a last check-in (behaviour.md §5).</summary>
    public bool IsCheckInOverdue(DateTime now) => LoadedPolicy.RequireCheckIn && NextCheckIn is { } next && next < now;

    /// <summary>BANNED &gt; SUSPENDED &gt; EXPIRED &gt; EXPIRING &gt; INACTIVE &gt; ACTIVE.</summary>
    public string Status(DateTime now)
    {
        if (IsBanned)
        {
            return "BANNED";
        }

        if (Suspended)
        {
            return "SUSPENDED";
        }

        if (IsExpired(now))
        {
            return "EXPIRED";
        }

        if (Expiry is { } expiry && expiry <= now + ExpiringWindow)
        {
            return "EXPIRING";
        }

        var since = now - InactiveWindow;
        var active = Created >= since || LastValidated >= since || LastCheckIn >= since || LastCheckOut >= since;
        return active ? "ACTIVE" : "INACTIVE";
    }
}
