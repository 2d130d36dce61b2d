using LicenseServer.Api.Keys;
using LicenseServer.Api.Licenses;
using LicenseServer.Api.Products;
using LicenseServer.Core.Environments;
using LicenseServer.Core.Keys;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Policies;
using static LicenseServer.Core.Policies.PolicyStrategies;

namespace LicenseServer.Api.Policies;

public static class PolicyEndpoints
{
    private static readonly string[] Writable =
    [
        "name", "duration", "strict", "floating", "protected", "maxMachines", "maxProcesses", "maxUsers", "maxCores", "maxMemory",
        "maxDisk", "maxUses", "machineUniquenessStrategy", "machineMatchingStrategy", "componentUniquenessStrategy",
        "componentMatchingStrategy", "expirationStrategy", "expirationBasis", "renewalBasis", "transferStrategy",
        "authenticationStrategy", "machineLeasingStrategy", "processLeasingStrategy", "overageStrategy", "requireProductScope",
        "requirePolicyScope", "requireMachineScope", "requireFingerprintScope", "requireComponentsScope", "requireUserScope",
        "requireChecksumScope", "requireVersionScope", "requireCheckIn", "checkInInterval", "checkInIntervalCount",
        "heartbeatDuration", "heartbeatCullStrategy", "heartbeatResurrectionStrategy", "heartbeatBasis", "requireHeartbeat",
        "metadata",
    ];

    private static readonly string[] CreateOnly = ["scheme", "encrypted", "usePool"];

    public static void Map(IEndpointRouteBuilder account)
    {
        var policies = account.MapResource("/policies", "policy", IndexAsync, CreateAsync, ShowAsync, UpdateAsync, DestroyAsync);
        policies.MapGet("/{id}/product", ProductAsync).Requires("product.read");
        policies.MapGet("/{id}/licenses", LicensesAsync).Requires("license.read");
        policies.MapGet("/{id}/licenses/{license}", LicenseAsync).Requires("license.read");
        policies.MapGet("/{id}/pool", PoolAsync).Requires("key.read");
        policies.MapGet("/{id}/pool/{key}", PoolKeyAsync).Requires("key.read");
        policies.MapDelete("/{id}/pool", PopAsync).Requires("policy.pool.pop").WithMetadata(SharedEnvironmentWrites.Allowed);
    }

    private static async Task<IResult> IndexAsync(Caller caller, LicenseServerDb db)
    {
        var bearer = caller.Require(PolicyAccess.CanRead);
        var query = PolicyAccess.Scope(db.Policies.AsNoTracking().Where(p => p.AccountId == caller.AccountId), bearer);
        if (caller.Http.Request.Query.TryGetValue("product", out var product))
        {
            query = Ids.TryParse(product, out var productId) ? query.Where(p => p.ProductId == productId) : query.Where(_ => false);
        }

        var (items, links) = await Paging.Parse(caller.Http.Request).ApplyAsync(query, caller.Http);
        return JsonApiResults.List(items, PolicySerializer.Write, links);
    }

    private static async Task<IResult> ShowAsync(Caller caller, LicenseServerDb db, string id)
    {
        var policy = await PolicyQueries.FindAsync(db, caller.AccountId, caller.Require(PolicyAccess.CanRead), id, caller.Aborted);
        return JsonApiResults.Resource(policy, PolicySerializer.Write);
    }

    private static async Task<IResult> CreateAsync(Caller caller, LicenseServerDb db)
    {
        Forbidden.Unless(PolicyAccess.CanCreate(caller.Bearer));

        var request = await ResourceRequest.ReadAsync(caller.Http, PolicySerializer.Type, "policy");
        var attributes = request.Attributes.Permit([.. Writable, .. CreateOnly]);
        request.Relationships.Permit("product");
        var productLink = request.ToOne("product", "products", "product");
        if (!productLink.Present)
        {
            throw DomainError.BadRequest("is missing", "/data/relationships/product");
        }

        var productId = productLink.Value is { } linked ? Guid.Parse(linked) : Guid.Empty;
        var product = await db.Products.AsNoTracking()
            .FirstOrDefaultAsync(p => p.AccountId == caller.AccountId && p.Id == productId, caller.Aborted)
            ?? throw await RelatedRecords.MissingAsync(db, db.Products, caller.AccountId, productId, "product",
                DomainError.Invalid("/data/relationships/product", "PRODUCT_NOT_FOUND", "must exist"), caller.Aborted);
        Forbidden.Unless(PolicyAccess.CanCreateFor(caller.Bearer, product));

        var policy = new Policy
        {
            AccountId = caller.AccountId,
            ProductId = product.Id,
            Name = attributes.String("name").Value ?? string.Empty,
            Protected = caller.Account.Protected,
        };
        attributes.String("scheme", nullable: true).IfPresent(v => policy.Scheme = v);

        policy.Encrypted = attributes.Bool("encrypted").Value ?? false;
        policy.UsePool = attributes.Bool("usePool").Value ?? false;
        if (policy.Encrypted && policy.Scheme is null)
        {
            policy.Scheme = Schemes.LegacyEncrypt;
        }

        Apply(attributes, policy);
        if (!attributes.Has("heartbeatBasis"))
        {
            policy.HeartbeatBasis = policy.RequireHeartbeat ? HeartbeatBases.FromCreation : HeartbeatBases.FromFirstPing;
        }

        if (!policy.Floating && policy.MaxMachines is null)
        {
            policy.MaxMachines = 1;
        }

        PolicyRules.Validate(policy);
        db.Policies.Add(policy);
        await EventLog.CommitAsync(db, "policy.created", policy, PolicySerializer.Write, caller.Aborted);
        return JsonApiResults.Created(caller.Http, policy, PolicySerializer.Write, Links.Resource(policy.AccountId, PolicySerializer.Type, policy.Id));
    }

    private static async Task<IResult> UpdateAsync(Caller caller, LicenseServerDb db, string id)
    {
        var policy = await PolicyQueries.FindAsync(db, caller.AccountId, caller.Require(PolicyAccess.CanRead), id, caller.Aborted, track: true);
        Forbidden.Unless(PolicyAccess.CanUpdate(caller.Bearer));

        var request = await ResourceRequest.ReadAsync(caller.Http, PolicySerializer.Type, "policy");
        var attributes = request.Attributes.Permit(Writable);
        request.Relationships.Permit();
        Apply(attributes, policy);
        PolicyRules.Validate(policy);
        await EventLog.CommitAsync(db, "policy.updated", policy, PolicySerializer.Write, caller.Aborted);
        return JsonApiResults.Resource(policy, PolicySerializer.Write);
    }

    private static async Task<IResult> DestroyAsync(Caller caller, LicenseServerDb db, string id)
    {
        var policy = await PolicyQueries.FindAsync(db, caller.AccountId, caller.Require(PolicyAccess.CanRead), id, caller.Aborted, track: true);
        Forbidden.Unless(PolicyAccess.CanDelete(caller.Bearer));

        await EventLog.CommitRemovalAsync(db, "policy.deleted", policy, PolicySerializer.Write, caller.Aborted);
        return JsonApiResults.NoContent();
    }

    private static async Task<IResult> ProductAsync(Caller caller, LicenseServerDb db, string id)
    {
        var policy = await PolicyQueries.FindAsync(db, caller.AccountId, caller.Require(PolicyAccess.CanRead), id, caller.Aborted);
        var product = await db.Products.AsNoTracking().FirstAsync(p => p.Id == policy.ProductId, caller.Aborted);
        return JsonApiResults.Resource(product, ProductSerializer.Write);
    }

    private static async Task<IResult> LicensesAsync(Caller caller, LicenseServerDb db, string id)
    {
        var policy = await PolicyQueries.FindAsync(db, caller.AccountId, caller.Require(PolicyAccess.CanRead), id, caller.Aborted);
        return await LicenseEndpoints.ListAsync(caller, db, l => l.PolicyId == policy.Id);
    }

    private static async Task<IResult> LicenseAsync(Caller caller, LicenseServerDb db, string id, string license)
    {
        var bearer = caller.Require(PolicyAccess.CanRead);
        var policy = await PolicyQueries.FindAsync(db, caller.AccountId, bearer, id, caller.Aborted);
        var found = await LicenseQueries.FindAsync(db, caller.AccountId, bearer, license, caller.Aborted, filter: l => l.PolicyId == policy.Id);
        return JsonApiResults.Resource(found, LicenseSerializer.At(db.Now()));
    }

    private static async Task<IResult> PoolAsync(Caller caller, LicenseServerDb db, string id)
    {
        var policy = await PolicyQueries.FindAsync(db, caller.AccountId, caller.Require(PolicyAccess.CanRead), id, caller.Aborted);
        var query = db.Keys.AsNoTracking().Where(k => k.AccountId == caller.AccountId && k.PolicyId == policy.Id);
        var (items, links) = await Paging.Parse(caller.Http.Request).ApplyAsync(query, caller.Http);
        return JsonApiResults.List(items, KeySerializer.Write, links);
    }

    private static async Task<IResult> PoolKeyAsync(Caller caller, LicenseServerDb db, string id, string key)
    {
        var policy = await PolicyQueries.FindAsync(db, caller.AccountId, caller.Require(PolicyAccess.CanRead), id, caller.Aborted);
        var found = Ids.TryParse(key, out var keyId)
            ? await db.Keys.AsNoTracking().FirstOrDefaultAsync(k => k.AccountId == caller.AccountId && k.PolicyId == policy.Id && k.Id == keyId, caller.Aborted)
            : null;
        return JsonApiResults.Resource(found ?? throw DomainError.NotFound("key", key), KeySerializer.Write);
    }

    /// <summary>DELETE /policies/{id}/pool: removes and returns the newest pooled key.</summary>
    private static async Task<IResult> PopAsync(Caller caller, LicenseServerDb db, string id)
    {
        var policy = await PolicyQueries.FindAsync(db, caller.AccountId, caller.Require(PolicyAccess.CanRead), id, caller.Aborted);
        Forbidden.Unless(PolicyAccess.CanPopPool(caller.Bearer));

        if (!policy.UsePool)
        {
            throw DomainError.Unprocessable("pool is not supported", "/data/relationships/pool");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(caller.Aborted);
        var key = await KeyPool.PopAsync(db, caller.AccountId, policy.Id, caller.Aborted)
            ?? throw DomainError.Unprocessable("pool is empty", "/data/relationships/pool");
        EventLog.Record(db, "policy.pool.popped", policy, PolicySerializer.Write);
        await db.SaveChangesAsync(caller.Aborted);
        await transaction.CommitAsync(caller.Aborted);
        return JsonApiResults.Resource(key, KeySerializer.Write);
    }


    private static void Apply(RequestObject attributes, Policy policy)
    {
        if (attributes.String("name") is { Present: true, Value: { } name })
        {
            policy.Name = name;
        }

        attributes.Int("duration", "DURATION_INVALID").IfPresent(v => policy.Duration = v);
        Flag(attributes, "strict", v => policy.Strict = v);
        Flag(attributes, "floating", v => policy.Floating = v);
        Flag(attributes, "protected", v => policy.Protected = v);
        Flag(attributes, "requireProductScope", v => policy.RequireProductScope = v);
        Flag(attributes, "requirePolicyScope", v => policy.RequirePolicyScope = v);
        Flag(attributes, "requireMachineScope", v => policy.RequireMachineScope = v);
        Flag(attributes, "requireFingerprintScope", v => policy.RequireFingerprintScope = v);
        Flag(attributes, "requireComponentsScope", v => policy.RequireComponentsScope = v);
        Flag(attributes, "requireUserScope", v => policy.RequireUserScope = v);
        Flag(attributes, "requireChecksumScope", v => policy.RequireChecksumScope = v);
        Flag(attributes, "requireVersionScope", v => policy.RequireVersionScope = v);
        Flag(attributes, "requireCheckIn", v => policy.RequireCheckIn = v);
        Flag(attributes, "requireHeartbeat", v => policy.RequireHeartbeat = v);
        attributes.Int("maxMachines", "MAX_MACHINES_INVALID").IfPresent(v => policy.MaxMachines = v);
        attributes.Int("maxProcesses", "MAX_PROCESSES_INVALID").IfPresent(v => policy.MaxProcesses = v);
        attributes.Int("maxUsers", "MAX_USERS_INVALID").IfPresent(v => policy.MaxUsers = v);
        attributes.Int("maxCores", "MAX_CORES_INVALID").IfPresent(v => policy.MaxCores = v);
        attributes.Integer("maxMemory", nullable: true).IfPresent(v => policy.MaxMemory = v);
        attributes.Integer("maxDisk", nullable: true).IfPresent(v => policy.MaxDisk = v);
        attributes.Int("maxUses", "MAX_USES_INVALID").IfPresent(v => policy.MaxUses = v);
        attributes.Int("heartbeatDuration", "HEARTBEAT_DURATION_INVALID").IfPresent(v => policy.HeartbeatDuration = v);
        attributes.Int("checkInIntervalCount", "CHECK_IN_INTERVAL_COUNT_NOT_ALLOWED").IfPresent(v => policy.CheckInIntervalCount = v);
        attributes.String("checkInInterval", nullable: true).IfPresent(v => policy.CheckInInterval = v);
        Text(attributes, "machineUniquenessStrategy", v => policy.MachineUniquenessStrategy = v);
        Text(attributes, "machineMatchingStrategy", v => policy.MachineMatchingStrategy = v);
        Text(attributes, "componentUniquenessStrategy", v => policy.ComponentUniquenessStrategy = v);
        Text(attributes, "componentMatchingStrategy", v => policy.ComponentMatchingStrategy = v);
        Text(attributes, "expirationStrategy", v => policy.ExpirationStrategy = v);
        Text(attributes, "expirationBasis", v => policy.ExpirationBasis = v);
        Text(attributes, "renewalBasis", v => policy.RenewalBasis = v);
        Text(attributes, "transferStrategy", v => policy.TransferStrategy = v);
        Text(attributes, "authenticationStrategy", v => policy.AuthenticationStrategy = v);
        Text(attributes, "machineLeasingStrategy", v => policy.MachineLeasingStrategy = v);
        Text(attributes, "processLeasingStrategy", v => policy.ProcessLeasingStrategy = v);
        Text(attributes, "overageStrategy", v => policy.OverageStrategy = v);
        Text(attributes, "heartbeatCullStrategy", v => policy.HeartbeatCullStrategy = v);
        Text(attributes, "heartbeatResurrectionStrategy", v => policy.HeartbeatResurrectionStrategy = v);
        Text(attributes, "heartbeatBasis", v => policy.HeartbeatBasis = v);

        if (attributes.Metadata() is { Present: true, Value: { } metadata })
        {
            policy.Metadata = metadata;
        }
    }

    private static void Flag(RequestObject attributes, string name, Action<bool> set)
    {
        if (attributes.Bool(name) is { Present: true, Value: { } value })
        {
            set(value);
        }
    }

    private static void Text(RequestObject attributes, string name, Action<string> set)
    {
        if (attributes.String(name) is { Present: true, Value: { } value })
        {
            set(value);
        }
    }
}
