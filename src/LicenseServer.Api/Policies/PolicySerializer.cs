using LicenseServer.Core.Policies;

namespace LicenseServer.Api.Policies;

public static class PolicySerializer
{
    public const string Type = "policies";

    public static void Write(Utf8JsonWriter w, Policy policy)
    {
        var self = w.BeginResource(Type, policy);
        w.WriteString("name", policy.Name);
        w.WriteNullableNumber("duration", policy.Duration);
        w.WriteBoolean("strict", policy.Strict);
        w.WriteBoolean("floating", policy.Floating);
        w.WriteNullableString("scheme", policy.Scheme);
        w.WriteBoolean("requireProductScope", policy.RequireProductScope);
        w.WriteBoolean("requirePolicyScope", policy.RequirePolicyScope);
        w.WriteBoolean("requireMachineScope", policy.RequireMachineScope);
        w.WriteBoolean("requireFingerprintScope", policy.RequireFingerprintScope);
        w.WriteBoolean("requireComponentsScope", policy.RequireComponentsScope);
        w.WriteBoolean("requireUserScope", policy.RequireUserScope);
        w.WriteBoolean("requireChecksumScope", policy.RequireChecksumScope);
        w.WriteBoolean("requireVersionScope", policy.RequireVersionScope);
        w.WriteBoolean("requireCheckIn", policy.RequireCheckIn);
        w.WriteNullableString("checkInInterval", policy.CheckInInterval);
        w.WriteNullableNumber("checkInIntervalCount", policy.CheckInIntervalCount);
        w.WriteBoolean("usePool", policy.UsePool);
        w.WriteNullableNumber("maxMachines", policy.MaxMachines);
        w.WriteNullableNumber("maxProcesses", policy.MaxProcesses);
        w.WriteNullableNumber("maxUsers", policy.MaxUsers);
        w.WriteNullableNumber("maxCores", policy.MaxCores);
        w.WriteNullableNumber("maxMemory", policy.MaxMemory);
        w.WriteNullableNumber("maxDisk", policy.MaxDisk);
        w.WriteNullableNumber("maxUses", policy.MaxUses);
        w.WriteBoolean("encrypted", policy.Encrypted);
        w.WriteBoolean("protected", policy.Protected);
        w.WriteBoolean("requireHeartbeat", policy.RequireHeartbeat);
        w.WriteNullableNumber("heartbeatDuration", policy.HeartbeatDuration);
        w.WriteString("heartbeatCullStrategy", policy.HeartbeatCullStrategy);
        w.WriteString("heartbeatResurrectionStrategy", policy.HeartbeatResurrectionStrategy);
        w.WriteString("heartbeatBasis", policy.HeartbeatBasis);
        w.WriteString("machineUniquenessStrategy", policy.MachineUniquenessStrategy);
        w.WriteString("machineMatchingStrategy", policy.MachineMatchingStrategy);
        w.WriteString("componentUniquenessStrategy", policy.ComponentUniquenessStrategy);
        w.WriteString("componentMatchingStrategy", policy.ComponentMatchingStrategy);
        w.WriteString("expirationStrategy", policy.ExpirationStrategy);
        w.WriteString("expirationBasis", policy.ExpirationBasis);
        w.WriteString("renewalBasis", policy.RenewalBasis);
        w.WriteString("transferStrategy", policy.TransferStrategy);
        w.WriteString("authenticationStrategy", policy.AuthenticationStrategy);
        w.WriteString("machineLeasingStrategy", policy.MachineLeasingStrategy);
        w.WriteString("processLeasingStrategy", policy.ProcessLeasingStrategy);
        w.WriteString("overageStrategy", policy.OverageStrategy);
        w.BeginRelationships(policy, policy.Metadata);
        w.WriteToOne("product", $"{self}/product", "products", policy.ProductId);
        w.WriteToMany("pool", $"{self}/pool");
        w.WriteToMany("licenses", $"{self}/licenses");
        w.WriteToMany("entitlements", $"{self}/entitlements");
        w.EndResource(self);
    }
}
