using LicenseServer.Core.Events;
using LicenseServer.Core.Groups;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Observability;
using static LicenseServer.Core.Policies.PolicyStrategies;

namespace LicenseServer.Core.Machines;

/// <summary>
/// Activates a machine on its license (behaviour.md §4.1–§4.3, §4.7). Inside one transaction it takes the license's
/// advisory lock (and the fingerprint's when uniqueness reaches past the license) together with the count of the
/// license's other machines, bumps a license token's activations, checks fingerprint uniqueness, the machine, core,
/// memory and disk limits, the group's room and the nested components, starts a first-activation expiry, and saves
/// the machine, its components and <c>machine.created</c>. The locks are PostgreSQL's, so limits hold across server
/// processes.
/// </summary>
public sealed class MachineActivator(LicenseServerDb db, MachinePayload payload)
{
    /// <summary>
    /// Activates <paramref name="machine"/> (new, with its license and policy loaded, its attributes already checked by
    /// <see cref="MachineRules.ValidateAttributes"/>) with its nested <paramref name="components"/>. Its creation time
    /// is the activation time. The activations counter counts when the bearer is a license with a token. Activations and
    /// refusals (by code) are counted in <see cref="ServerMetrics"/>.
    /// </summary>
    public async Task ActivateAsync(Machine machine, IReadOnlyList<Component> components, Bearer bearer, CancellationToken ct)
    {
        var policy = machine.LoadedLicense.LoadedPolicy;
        var now = db.Now();
        machine.Created = now;
        if (policy.HeartbeatBasis == HeartbeatBases.FromCreation)
        {
            machine.LastHeartbeat = now;
        }

        try
        {
            await ActivateLockedAsync(machine, components, bearer, now, ct);
        }
        catch (DomainError error)
        {
            ServerMetrics.ActivationRejected(error);
            throw;
        }

        ServerMetrics.Activated();
    }

    private async Task ActivateLockedAsync(Machine machine, IReadOnlyList<Component> components, Bearer bearer, DateTime now, CancellationToken ct)
    {
        var license = machine.LoadedLicense;
        var policy = license.LoadedPolicy;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var others = await MachineRules.LockAndCountAsync(db, machine, license, ct);
        if (policy.MachineUniquenessStrategy != UniquenessStrategies.UniquePerLicense)
        {
            await MachineRules.LockFingerprintAsync(db, machine.AccountId, machine.Fingerprint, ct);
        }

        if (bearer is { IsLicense: true, Token: { } token })
        {
            await ActivationCounters.ActivateAsync(db, token, ct);
        }

        await MachineRules.CheckFingerprintAsync(db, machine, license, others, ct);
        MachineRules.CheckLimits(machine, license, others, creating: true);
        if (machine.GroupId is { } groupId)
        {
            await GroupRules.EnsureRoomForMachineAsync(db, machine.AccountId, groupId, machine.Id, ct);
        }

        await CheckComponentsAsync(components, machine, license, ct);
        if (policy.ExpirationBasis == ExpirationBases.FromFirstActivation && license.Expiry is null && policy.Duration is not null)
        {
            var expiry = LicenseRules.ExpiryFrom(policy, now);
            await db.Licenses.Where(l => l.Id == license.Id && l.Expiry == null)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.Expiry, expiry), ct);
            license.Expiry = expiry;
        }

        // The license was read untracked: attach it unchanged so adding the machine does not insert it again.
        db.Licenses.Attach(license);
        db.Machines.Add(machine);
        db.Components.AddRange(components);
        EventRecorder.Defer(db, machine.AccountId, "machine.created", "machines", machine.Id, _ => (payload(machine, now), null));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Nested components: their fingerprint locks, then uniqueness per the policy's strategy, reported at the first taken one.</summary>
    private async Task CheckComponentsAsync(IReadOnlyList<Component> components, Machine machine, License license, CancellationToken ct)
    {
        if (components.Count > 0)
        {
            await ComponentRules.LockFingerprintsAsync(db, machine.AccountId, license, components.Select(c => c.Fingerprint), ct);
        }

        for (var i = 0; i < components.Count; i++)
        {
            if (await ComponentRules.TakenAsync(db, components[i], machine, license, ct) is { } detail)
            {
                throw DomainError.Invalid($"/data/relationships/components/data/{i}/attributes/fingerprint", "COMPONENTS_FINGERPRINT_TAKEN", detail);
            }
        }
    }
}
