using LicenseServer.Core.Environments;
using LicenseServer.Core.Policies;
using LicenseServer.Core.Users;
using static LicenseServer.Core.Policies.PolicyStrategies;

namespace LicenseServer.Core.Licenses;

/// <summary>
/// A license (resources.md §11). Limits are overrides: null means "the policy's value"; the
/// effective values are the <c>Effective…</c> properties, which need <see cref="Policy"/> loaded.
/// </summary>
public sealed class License : AccountEntity, IEnvironmentScoped
{
    /// <inheritdoc/>
    public Guid? EnvironmentId { get; set; }

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

    /// <summary>
    /// The stored <c>permissions</c> (enterprise.md §5): null for the role's default set, <c>["*"]</c> for everything the role
    /// allows, otherwise the strings given. Read through <see cref="Permissions.Grants"/>.
    /// </summary>
    public string[]? Permissions { get; set; }

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

    /// <summary>
    /// The expiry that <paramref name="basis"/> happening at <paramref name="now"/> starts: the policy's duration from now
    /// when the policy counts from that event and the license has no expiry yet; null otherwise (also for a perpetual policy).
    /// </summary>
    public DateTime? ExpiryStartedBy(string basis, DateTime now) =>
        Expiry is null && LoadedPolicy.ExpirationBasis == basis ? LicenseRules.ExpiryFrom(LoadedPolicy, now) : null;

    /// <summary>Suspends the license; a suspended one cannot be suspended again (422 at <c>suspended</c>).</summary>
    public void Suspend()
    {
        if (Suspended)
        {
            throw DomainError.Unprocessable("is already suspended", "/data/attributes/suspended");
        }

        Suspended = true;
    }

    /// <summary>Lifts a suspension; a license that is not suspended cannot be reinstated (422 at <c>suspended</c>).</summary>
    public void Reinstate()
    {
        if (!Suspended)
        {
            throw DomainError.Unprocessable("is not suspended", "/data/attributes/suspended");
        }

        Suspended = false;
    }

    /// <summary>
    /// Extends the expiry by the policy's duration, counted from the policy's renewal basis: the current expiry
    /// (<c>FROM_EXPIRY</c>), now (<c>FROM_NOW</c>), or now only once expired (<c>FROM_NOW_IF_EXPIRED</c>).
    /// A policy without a duration, or a license without an expiry, cannot be renewed (behaviour.md Appendix B.7).
    /// </summary>
    public void Renew(DateTime now)
    {
        var policy = LoadedPolicy;
        if (policy.Duration is not { } duration)
        {
            throw DomainError.Unprocessable("cannot be renewed because the policy does not have a duration");
        }

        if (Expiry is not { } expiry)
        {
            // Keygen answers this case with a 422 whose errors array is empty (behaviour.md Appendix B.7).
            throw new DomainError(ErrorKind.UnprocessableEntity, []);
        }

        var from = policy.RenewalBasis switch
        {
            RenewalBases.FromNow => now,
            RenewalBases.FromNowIfExpired => IsExpired(now) ? now : expiry,
            _ => expiry,
        };
        Expiry = CalendarDuration.TryAdd(from, duration, out var renewed)
            ? renewed
            : throw DomainError.Unprocessable("cannot be renewed past the latest supported expiry (9999-12-31)", "/data/attributes/expiry", "EXPIRY_INVALID");
    }

    /// <summary>Records a check-in at <paramref name="now"/>; only a license whose policy requires check-in can check in.</summary>
    public void CheckIn(DateTime now)
    {
        if (!LoadedPolicy.RequireCheckIn)
        {
            throw DomainError.Unprocessable("cannot be checked in because the policy does not require it");
        }

        LastCheckIn = now;
    }

    /// <summary>
    /// Sets the usage count: never below 0 (<c>USES_INVALID</c>), never above the effective maxUses, nor past the 32-bit
    /// range (<c>USES_LIMIT_EXCEEDED</c>). Reaching maxUses exactly is allowed.
    /// </summary>
    public void SetUses(long uses)
    {
        if (uses < 0)
        {
            throw DomainError.Invalid("/data/attributes/uses", "USES_INVALID", "must be greater than or equal to 0");
        }

        var max = EffectiveMaxUses;
        if ((max is { } limit && uses > limit) || uses > int.MaxValue)
        {
            throw DomainError.Invalid("/data/attributes/uses", "USES_LIMIT_EXCEEDED", $"usage exceeds maximum allowed for license ({max ?? int.MaxValue})");
        }

        Uses = (int)uses;
    }

    /// <summary>
    /// Moves the license to <paramref name="target"/> (behaviour.md §5): only between policies alike in encryption, pooling
    /// and scheme, and never to a stricter machine or component uniqueness (<c>POLICY_NOT_COMPATIBLE</c>). The target's
    /// <c>RESET_EXPIRY</c> transfer strategy restarts the expiry from <paramref name="now"/>.
    /// </summary>
    public void TransferTo(Policy target, DateTime now)
    {
        var current = LoadedPolicy;
        var incompatible =
            current.Encrypted != target.Encrypted ? "cannot change from an encrypted policy to an unencrypted policy (or vice-versa)"
            : current.UsePool != target.UsePool ? "cannot change from a pooled policy to an unpooled policy (or vice-versa)"
            : current.Scheme != target.Scheme ? "cannot change to a policy with a different scheme"
            : UniquenessRank(target.MachineUniquenessStrategy) > UniquenessRank(current.MachineUniquenessStrategy)
                || UniquenessRank(target.ComponentUniquenessStrategy) > UniquenessRank(current.ComponentUniquenessStrategy)
                ? "cannot change to a policy with a more strict machine uniqueness strategy"
            : null;
        if (incompatible is not null)
        {
            throw DomainError.Invalid("/data/relationships/policy", "POLICY_NOT_COMPATIBLE", incompatible);
        }

        PolicyId = target.Id;
        Policy = target;
        ProductId = target.ProductId;
        if (target.TransferStrategy == TransferStrategies.ResetExpiry)
        {
            Expiry = LicenseRules.ExpiryFrom(target, now);
        }
    }

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

    /// <summary>How wide a uniqueness strategy is: a transfer may keep or loosen it, never tighten it.</summary>
    private static int UniquenessRank(string uniqueness) => uniqueness switch
    {
        UniquenessStrategies.UniquePerAccount => 4,
        UniquenessStrategies.UniquePerProduct => 3,
        UniquenessStrategies.UniquePerPolicy => 2,
        UniquenessStrategies.UniquePerLicense => 1,
        _ => 0,
    };
}
