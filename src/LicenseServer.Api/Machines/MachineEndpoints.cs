using System.Linq.Expressions;
using LicenseServer.Api.RateLimits;
using LicenseServer.Core.Environments;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Machines;

namespace LicenseServer.Api.Machines;

/// <summary>Machine CRUD: activation and deactivation (resources.md §14, behaviour.md §4.1–§4.4). A fingerprint is accepted wherever an id is.</summary>
public static class MachineEndpoints
{
    private static readonly string[] Open = ["fingerprint", "name", "ip", "hostname", "platform", "cores", "memory", "disk", "metadata"];
    private const int MaxNestedComponents = 20;

    public static void Map(IEndpointRouteBuilder account)
    {
        var machines = account.MapGroup("/machines");
        machines.MapGet("", IndexAsync).Requires("machine.read");
        machines.MapPost("", CreateAsync).WithMetadata(PublicRateLimited.Instance).Requires("machine.create");
        machines.MapGet("/{id}", ShowAsync).Requires("machine.read");
        machines.MapMethods("/{id}", ["PATCH", "PUT"], UpdateAsync).Requires("machine.update");
        machines.MapDelete("/{id}", DestroyAsync).Requires("machine.delete");
    }

    private static Task<IResult> IndexAsync(Caller caller, LicenseServerDb db) => ListAsync(caller, db, null);

    /// <summary>The bearer's machines (optionally narrowed), filtered by the query string and paged.</summary>
    public static async Task<IResult> ListAsync(Caller caller, LicenseServerDb db, Expression<Func<Machine, bool>>? narrow)
    {
        var query = MachineAccess.Scope(db.Machines.AsNoTracking().Where(m => m.AccountId == caller.AccountId), db, caller.Bearer);
        if (narrow is not null)
        {
            query = query.Where(narrow);
        }

        var now = db.Now();
        query = MachineFilters.Apply(query, db, caller.Http.Request.Query, now);
        var (items, links) = await Paging.Parse(caller.Http.Request).ApplyAsync(MachineQueries.WithLicense(query), caller.Http);
        return JsonApiResults.List(items, MachineSerializer.At(now), links);
    }

    private static async Task<IResult> ShowAsync(Caller caller, LicenseServerDb db, string id)
    {
        var machine = await MachineQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted);
        return JsonApiResults.Resource(machine, MachineSerializer.At(db.Now()));
    }

    private static async Task<IResult> CreateAsync(Caller caller, LicenseServerDb db, LicenseReader licenses, MachineActivator activator)
    {
        var bearer = caller.Bearer;
        var ct = caller.Aborted;
        var request = await ResourceRequest.ReadAsync(caller.Http, MachineSerializer.Type, "machine");
        var privileged = MachineAccess.CanSetPrivileged(bearer);
        var attributes = request.Attributes.Permit(Open);
        if (privileged)
        {
            request.Relationships.Permit("license", "owner", "user", "group", "components");
        }
        else
        {
            request.Relationships.Permit("license", "owner", "user", "components");
        }

        var fingerprint = attributes.RequiredString("fingerprint");
        if (string.IsNullOrWhiteSpace(fingerprint))
        {
            throw DomainError.BadRequest("cannot be blank", "/data/attributes/fingerprint");
        }

        var licenseLink = request.ToOne("license", "licenses", "license", uuidOnly: false);
        if (!licenseLink.Present)
        {
            throw DomainError.BadRequest("is missing", "/data/relationships/license");
        }

        if (licenseLink.Value is null)
        {
            throw DomainError.BadRequest("cannot be null", "/data/relationships/license/data");
        }

        var license = await licenses.FindByIdOrKeyAsync(db, caller.AccountId, licenseLink.Value, ct)
            ?? throw await RelatedRecords.MissingAsync(db, db.Licenses, caller.AccountId, Ids.TryParse(licenseLink.Value, out var licenseId) ? licenseId : null,
                "license", DomainError.Invalid("/data/relationships/license", "LICENSE_NOT_FOUND", "must exist"), ct);

        var ownerName = request.Relationships.Has("owner") ? "owner" : "user";
        var ownerLink = request.ToOne(ownerName, "users", "user");
        Guid? ownerId = ownerLink.Value is { } linkedOwner ? Guid.Parse(linkedOwner) : null;
        var ownerGroup = ownerId is { } userId ? await MachineRules.OwnerGroupAsync(db, license, userId, ownerName, ct) : null;
        var groupLink = request.ToOne("group", "groups", "group");
        Guid? linkedGroup = groupLink.Value is { } group ? Guid.Parse(group) : null;

        Forbidden.Unless(MachineAccess.CanCreate(bearer, license, ownerId));

        var machine = new Machine
        {
            AccountId = caller.AccountId,
            LicenseId = license.Id,
            License = license,
            OwnerId = ownerId,
            GroupId = groupLink.Present ? linkedGroup : MachineRules.DefaultGroup(license, ownerGroup),
            Fingerprint = fingerprint,
        };
        if (request.Id is { } clientId)
        {
            machine.Id = Ids.TryParse(clientId, out var id)
                ? id
                : throw DomainError.Invalid("/data/id", "ID_INVALID", "must be a valid UUID");
            await MachineRules.CheckIdAvailableAsync(db, id, ct);
        }

        Apply(attributes, machine, privileged: true);
        MachineRules.ValidateAttributes(machine);
        var components = ReadComponents(request, machine);
        await activator.ActivateAsync(machine, components, bearer, ct);
        RequestContext.SetDocumentEvent(caller.Http, "machine.created");
        return JsonApiResults.Created(caller.Http, machine, MachineSerializer.At(machine.Created), Links.Resource(machine.AccountId, MachineSerializer.Type, machine.Id));
    }

    /// <summary>relationships.components.data: up to 20 inline components, checked for duplicates within the payload.</summary>
    private static List<Component> ReadComponents(ResourceRequest request, Machine machine)
    {
        if (!request.Relationships.TryGet("components", out var relationship) || relationship.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        var pointer = request.Relationships.PointerTo("components");
        var data = RequestObject.From(relationship, pointer).Permit("data").Required("data");
        if (data.ValueKind != JsonValueKind.Array)
        {
            throw DomainError.TypeMismatch($"{pointer}/data", data, "array");
        }

        if (data.GetArrayLength() > MaxNestedComponents)
        {
            throw DomainError.Invalid(pointer, "COMPONENTS_TOO_LONG", $"is too long (maximum is {MaxNestedComponents} components)");
        }

        var components = new List<Component>();
        var index = 0;
        foreach (var element in data.EnumerateArray())
        {
            var itemPointer = $"{pointer}/data/{index}";
            var item = RequestObject.From(element, itemPointer).Permit("type", "attributes");
            if (!ResourceRequest.MatchesType(item.RequiredString("type"), ComponentSerializer.Type, "component"))
            {
                throw DomainError.BadRequest("is invalid", $"{itemPointer}/type");
            }

            var attributes = item.RequiredObject("attributes").Permit("fingerprint", "name", "metadata");
            var component = new Component
            {
                AccountId = machine.AccountId,
                MachineId = machine.Id,
                Fingerprint = attributes.RequiredString("fingerprint"),
                Name = attributes.RequiredString("name"),
                Metadata = attributes.Metadata().Value ?? "{}",
            };
            ComponentRules.Validate(component, $"{itemPointer}/attributes", "COMPONENTS_");
            if (components.Any(c => c.Fingerprint == component.Fingerprint))
            {
                throw DomainError.Invalid($"{itemPointer}/attributes/fingerprint", "COMPONENTS_FINGERPRINT_CONFLICT", "is duplicated");
            }

            components.Add(component);
            index++;
        }

        return components;
    }

    private static async Task<IResult> UpdateAsync(Caller caller, LicenseServerDb db, string id)
    {
        var ct = caller.Aborted;
        var machine = await MachineQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, ct, track: true);
        Forbidden.Unless(MachineAccess.CanUpdate(caller.Bearer, machine));

        var request = await ResourceRequest.ReadAsync(caller.Http, MachineSerializer.Type, "machine");
        var privileged = MachineAccess.CanSetPrivileged(caller.Bearer);
        var attributes = privileged
            ? request.Attributes.Permit("name", "ip", "hostname", "platform", "cores", "memory", "disk", "metadata")
            : request.Attributes.Permit("name", "ip", "hostname", "platform");
        request.Relationships.Permit();
        var (cores, memory, disk) = (machine.Cores, machine.Memory, machine.Disk);
        Apply(attributes, machine, privileged);
        MachineRules.ValidateAttributes(machine);

        var now = db.Now();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (Grew(machine.Cores, cores) || Grew(machine.Memory, memory) || Grew(machine.Disk, disk))
        {
            var others = await MachineRules.LockAndCountAsync(db, machine, machine.LoadedLicense, ct);
            MachineRules.CheckLimits(machine, machine.LoadedLicense, others, creating: false);
        }

        await EventLog.CommitAsync(db, "machine.updated", machine, MachineSerializer.At(now), ct);
        await transaction.CommitAsync(ct);
        return JsonApiResults.Resource(machine, MachineSerializer.At(now));
    }

    private static async Task<IResult> DestroyAsync(Caller caller, LicenseServerDb db, string id)
    {
        var ct = caller.Aborted;
        var machine = await MachineQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, ct, track: true);
        Forbidden.Unless(MachineAccess.CanDelete(caller.Bearer, machine));

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await MachineRules.LockLicenseAsync(db, machine.LicenseId, ct);
        if (caller.Bearer is { IsLicense: true, Token: { } token })
        {
            await ActivationCounters.DeactivateAsync(db, token, ct);
        }

        await EventLog.CommitRemovalAsync(db, "machine.deleted", machine, MachineSerializer.At(db.Now()), ct);
        await transaction.CommitAsync(ct);
        return JsonApiResults.NoContent();
    }

    private static bool Grew(long? now, long? before) => now is { } value && (before is null || value > before);

    private static void Apply(RequestObject attributes, Machine machine, bool privileged)
    {
        attributes.String("name", nullable: true).IfPresent(v => machine.Name = v);
        attributes.String("ip", nullable: true).IfPresent(v => machine.Ip = v);
        attributes.String("hostname", nullable: true).IfPresent(v => machine.Hostname = v);
        attributes.String("platform", nullable: true).IfPresent(v => machine.Platform = v);

        if (!privileged)
        {
            return;
        }

        if (attributes.Integer("cores", nullable: true) is { Present: true } cores)
        {
            machine.Cores = cores.Value switch
            {
                null => null,
                > int.MaxValue => throw DomainError.Invalid("/data/attributes/cores", "CORES_INVALID", $"must be less than or equal to {int.MaxValue}"),
                { } value => (int)value,
            };
        }

        attributes.Integer("memory", nullable: true).IfPresent(v => machine.Memory = v);
        attributes.Integer("disk", nullable: true).IfPresent(v => machine.Disk = v);

        if (attributes.Metadata() is { Present: true, Value: { } metadata })
        {
            machine.Metadata = metadata;
        }
    }
}
