using LicenseServer.Core.Accounts;

namespace LicenseServer.Api.Accounts;

/// <summary>
/// <c>/settings</c> (resources.md §2, enterprise.md §5.5): the account's default permissions for new licenses and users.
/// Read by everyone who reads the account; changed by admins and developers.
/// </summary>
public static class AccountSettingEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        var settings = account.MapGroup("/settings");
        settings.MapGet("", IndexAsync).Requires("account.read");
        settings.MapPost("", CreateAsync).Requires("account.update");
        settings.MapGet("/{id}", ShowAsync).Requires("account.read");
        settings.MapMethods("/{id}", ["PATCH", "PUT"], UpdateAsync).Requires("account.update");
        settings.MapDelete("/{id}", DestroyAsync).Requires("account.update");
    }

    private static async Task<IResult> IndexAsync(Caller caller, LicenseServerDb db)
    {
        Forbidden.Unless(AccountAccess.CanReadSettings(caller.Bearer));

        var query = db.AccountSettings.AsNoTracking().Where(s => s.AccountId == caller.AccountId);
        var (items, links) = await Paging.Parse(caller.Http.Request).ApplyAsync(query, caller.Http);
        return JsonApiResults.List(items, AccountSettingSerializer.Write, links);
    }

    private static async Task<IResult> ShowAsync(Caller caller, LicenseServerDb db, string id)
    {
        Forbidden.Unless(AccountAccess.CanReadSettings(caller.Bearer));

        return JsonApiResults.Resource(await AccountSettings.FindAsync(db, caller.AccountId, id, caller.Aborted), AccountSettingSerializer.Write);
    }

    private static async Task<IResult> CreateAsync(Caller caller, LicenseServerDb db)
    {
        Forbidden.Unless(AccountAccess.CanChangeSettings(caller.Bearer));

        var request = await ResourceRequest.ReadAsync(caller.Http, AccountSettingSerializer.Type, "setting");
        var attributes = request.Attributes.Permit("key", "value");
        request.Relationships.Permit();
        var key = attributes.RequiredString("key");
        var setting = new AccountSetting
        {
            AccountId = caller.AccountId,
            Key = key,
            Value = AccountSettings.Validate(key, Value(attributes)),
        };
        if (await db.AccountSettings.AnyAsync(s => s.AccountId == caller.AccountId && s.Key == key, caller.Aborted))
        {
            throw DomainError.Invalid(attributes.PointerTo("key"), "KEY_TAKEN", "has already been taken");
        }

        db.AccountSettings.Add(setting);
        await EventLog.CommitAsync(db, "account.settings.created", setting, AccountSettingSerializer.Write, caller.Aborted);
        return JsonApiResults.Created(caller.Http, setting, AccountSettingSerializer.Write,
            Links.Resource(setting.AccountId, AccountSettingSerializer.Type, setting.Id));
    }

    private static async Task<IResult> UpdateAsync(Caller caller, LicenseServerDb db, string id)
    {
        Forbidden.Unless(AccountAccess.CanChangeSettings(caller.Bearer));

        var setting = await AccountSettings.FindAsync(db, caller.AccountId, id, caller.Aborted, track: true);
        var request = await ResourceRequest.ReadAsync(caller.Http, AccountSettingSerializer.Type, "setting");
        var attributes = request.Attributes.Permit("value");
        request.Relationships.Permit();
        setting.Value = AccountSettings.Validate(setting.Key, Value(attributes));
        await EventLog.CommitAsync(db, "account.settings.updated", setting, AccountSettingSerializer.Write, caller.Aborted);
        return JsonApiResults.Resource(setting, AccountSettingSerializer.Write);
    }

    private static async Task<IResult> DestroyAsync(Caller caller, LicenseServerDb db, string id)
    {
        Forbidden.Unless(AccountAccess.CanChangeSettings(caller.Bearer));

        var setting = await AccountSettings.FindAsync(db, caller.AccountId, id, caller.Aborted, track: true);
        await EventLog.CommitRemovalAsync(db, "account.settings.deleted", setting, AccountSettingSerializer.Write, caller.Aborted);
        return JsonApiResults.NoContent();
    }

    private static List<string> Value(RequestObject attributes) =>
        attributes.StringArray("value", maxItems: Core.Permissions.Permissions.All.Count)
            is { Present: true, Value: { } value } ? value : throw DomainError.BadRequest("is missing", attributes.PointerTo("value"));
}
