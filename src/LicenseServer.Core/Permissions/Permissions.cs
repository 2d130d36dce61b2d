namespace LicenseServer.Core.Permissions;

/// <summary>
/// The permission strings (enterprise.md §9) and which of them each kind of holder may be given ("allowed") and gets when
/// created ("default"). The sets are written in the spec's shorthand, <c>license.read|validate</c> naming
/// <c>license.read</c> and <c>license.validate</c>: the prefix runs to the last dot before the first bar.
/// </summary>
public static class Permissions
{
    /// <summary>The wildcard: every permission allowed for the holder's role.</summary>
    public const string Wildcard = "*";

    /// <summary>Every permission string, in byte order (the order documents list them in).</summary>
    public static readonly IReadOnlyList<string> All =
    [
        "account.analytics.read", "account.billing.read", "account.billing.update", "account.plan.read", "account.plan.update",
        "account.read", "account.subscription.read", "account.subscription.update", "account.update", "admin.create",
        "admin.delete", "admin.invite", "admin.read", "admin.update", "arch.read", "artifact.create", "artifact.delete",
        "artifact.read", "artifact.update", "channel.read", "component.create", "component.delete", "component.read",
        "component.update", "constraint.read", "engine.read", "entitlement.create", "entitlement.delete", "entitlement.read",
        "entitlement.update", "environment.create", "environment.delete", "environment.read", "environment.tokens.generate",
        "environment.update", "event-log.read", "group.create", "group.delete", "group.licenses.read", "group.machines.read",
        "group.owners.attach", "group.owners.detach", "group.owners.read", "group.read", "group.update", "group.users.read",
        "key.create", "key.delete", "key.read", "key.update", "license.check-in", "license.check-out", "license.create",
        "license.delete", "license.entitlements.attach", "license.entitlements.detach", "license.group.update",
        "license.owner.update", "license.policy.update", "license.read", "license.reinstate", "license.renew",
        "license.revoke", "license.suspend", "license.tokens.generate", "license.update", "license.usage.decrement",
        "license.usage.increment", "license.usage.reset", "license.user.update", "license.users.attach",
        "license.users.detach", "license.validate", "machine.check-out", "machine.create", "machine.delete",
        "machine.group.update", "machine.heartbeat.ping", "machine.heartbeat.reset", "machine.owner.update",
        "machine.proofs.generate", "machine.read", "machine.update", "package.create", "package.delete", "package.read",
        "package.update", "platform.read", "policy.create", "policy.delete", "policy.entitlements.attach",
        "policy.entitlements.detach", "policy.pool.pop", "policy.read", "policy.update", "process.create", "process.delete",
        "process.heartbeat.ping", "process.read", "process.update", "product.create", "product.delete", "product.read",
        "product.tokens.generate", "product.update", "release.constraints.attach", "release.constraints.detach",
        "release.create", "release.delete", "release.download", "release.package.update", "release.publish", "release.read",
        "release.update", "release.upgrade", "release.upload", "release.yank", "request-log.read", "token.generate",
        "token.read", "token.regenerate", "token.revoke", "user.ban", "user.create", "user.delete", "user.group.update",
        "user.invite", "user.password.reset", "user.password.update", "user.read", "user.second-factors.create",
        "user.second-factors.delete", "user.second-factors.read", "user.second-factors.update", "user.tokens.generate",
        "user.unban", "user.update", "webhook-endpoint.create", "webhook-endpoint.delete", "webhook-endpoint.read",
        "webhook-endpoint.update", "webhook-event.delete", "webhook-event.read", "webhook-event.retry",
    ];

    private static readonly Dictionary<string, int> Index = All.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);

    /// <summary>Admins, developers, sales and support agents: everything (their role rules still apply).</summary>
    public static readonly PermissionSet Everything = PermissionSet.Of(All);

    public static readonly PermissionSet ReadOnly = Parse(
        "account.analytics.read", "account.billing.read", "account.plan.read", "account.read", "account.subscription.read", "admin.read",
        "arch.read", "artifact.read", "channel.read", "component.read", "constraint.read", "engine.read", "entitlement.read",
        "environment.read", "event-log.read", "group.licenses.read", "group.machines.read", "group.owners.read", "group.read",
        "group.users.read", "key.read", "license.read", "license.validate", "machine.read", "package.read", "platform.read", "policy.read",
        "process.read", "product.read", "release.download", "release.read", "release.upgrade", "request-log.read", "token.generate",
        "token.read", "user.password.reset", "user.password.update", "user.read", "user.second-factors.read", "webhook-endpoint.read",
        "webhook-event.read");

    /// <summary>An environment bearer: everything but the account's own management, admins and environments themselves.</summary>
    public static readonly PermissionSet Environment = PermissionSet.Of(All.Where(p =>
        !p.StartsWith("account.", StringComparison.Ordinal) && !p.StartsWith("admin.", StringComparison.Ordinal)
        && p is not ("environment.create" or "environment.delete" or "environment.update" or "environment.tokens.generate")
        || p == "account.read"));

    public static readonly PermissionSet Product = Parse(
        "account.read", "arch.read", "artifact.create|delete|read|update", "channel.read", "component.create|delete|read|update",
        "constraint.read", "engine.read", "entitlement.read",
        "group.create|delete|licenses.read|machines.read|owners.attach|owners.detach|owners.read|read|update|users.read",
        "key.create|delete|read|update", "license.*", "machine.*", "package.create|delete|read|update", "platform.read",
        "policy.create|delete|entitlements.attach|entitlements.detach|pool.pop|read|update",
        "process.create|delete|heartbeat.ping|read|update", "product.read", "product.update", "release.*",
        "token.generate|read|regenerate|revoke", "user.ban|create|delete|group.update|read|tokens.generate|unban|update",
        "webhook-endpoint.create|delete|read|update", "webhook-event.read");

    public static readonly PermissionSet User = Parse(
        "account.read", "arch.read", "artifact.read", "channel.read", "component.create|delete|read|update", "constraint.read",
        "engine.read", "entitlement.read", "group.licenses.read", "group.machines.read", "group.owners.read", "group.read",
        "group.users.read",
        "license.check-in|check-out|create|delete|policy.update|read|renew|revoke|usage.increment|validate|users.attach|users.detach",
        "machine.check-out|create|delete|heartbeat.ping|proofs.generate|read|update", "package.read", "platform.read", "policy.read",
        "process.create|delete|heartbeat.ping|read|update", "product.read", "release.download|read|upgrade",
        "token.generate|read|regenerate|revoke", "user.password.reset", "user.password.update", "user.read",
        "user.second-factors.create|delete|read|update", "user.update");

    public static readonly PermissionSet License = Parse(
        "account.read", "arch.read", "artifact.read", "channel.read", "component.create|delete|read|update", "constraint.read",
        "engine.read", "entitlement.read", "group.owners.read", "group.read", "license.check-in|check-out|read|usage.increment|validate",
        "machine.check-out|create|delete|heartbeat.ping|proofs.generate|read|update", "package.read", "platform.read", "policy.read",
        "process.create|delete|heartbeat.ping|read|update", "product.read", "release.download|read|upgrade", "token.read|regenerate|revoke",
        "user.read");

    /// <summary>What a new user-role user gets: the user set without reading the account, policies and products, or attaching users.</summary>
    public static readonly PermissionSet UserDefault = User.Except(Parse(
        "account.read", "license.users.attach", "license.users.detach", "policy.read", "product.read"));

    /// <summary>What a new license gets: the license set without reading the account, products, policies and users.</summary>
    public static readonly PermissionSet LicenseDefault = License.Except(Parse("account.read", "product.read", "policy.read", "user.read"));

    /// <summary>The bit of <paramref name="name"/>, or -1 for a string that is not a permission.</summary>
    public static int BitOf(string name) => Index.TryGetValue(name, out var bit) ? bit : -1;

    public static bool IsKnown(string name) => Index.ContainsKey(name);

    /// <summary>What a holder of <paramref name="role"/> may be given (besides the wildcard).</summary>
    public static PermissionSet AllowedFor(string role) => role switch
    {
        "read-only" => ReadOnly,
        "user" => User,
        "license" => License,
        "product" => Product,
        "environment" => Environment,
        _ => Everything,
    };

    /// <summary>What a new holder of <paramref name="role"/> gets when neither the request nor an account setting says otherwise.</summary>
    public static PermissionSet DefaultFor(string role) => role switch
    {
        "user" => UserDefault,
        "license" => LicenseDefault,
        _ => AllowedFor(role),
    };

    /// <summary>Expands the spec's shorthand: <c>a.b|c</c> is <c>a.b</c> and <c>a.c</c>; <c>license.*</c> is every <c>license.</c> string.</summary>
    private static PermissionSet Parse(params string[] patterns)
    {
        var names = new List<string>();
        foreach (var pattern in patterns)
        {
            if (pattern.EndsWith(".*", StringComparison.Ordinal))
            {
                names.AddRange(All.Where(p => p.StartsWith(pattern[..^1], StringComparison.Ordinal)));
                continue;
            }

            var bar = pattern.IndexOf('|');
            var prefix = bar < 0 ? string.Empty : pattern[..(pattern.LastIndexOf('.', bar) + 1)];
            names.AddRange(pattern[prefix.Length..].Split('|').Select(tail => prefix + tail));
        }

        var unknown = names.Where(n => !IsKnown(n)).ToList();
        return unknown.Count == 0 ? PermissionSet.Of(names) : throw new InvalidOperationException($"Unknown permissions: {string.Join(", ", unknown)}");
    }
}
