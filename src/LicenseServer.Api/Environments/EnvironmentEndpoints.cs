using LicenseServer.Api.Tokens;
using LicenseServer.Core.Environments;
using LicenseServer.Core.Tokens;
using LicenseServer.Core.Users;
using Environment = LicenseServer.Core.Environments.Environment;

namespace LicenseServer.Api.Environments;

/// <summary><c>/environments</c> and their tokens (enterprise.md §1).</summary>
public static class EnvironmentEndpoints
{
    private const int MaxAdmins = 10;

    public static void Map(IEndpointRouteBuilder account)
    {
        var environments = account.MapResource("/environments", "environment", IndexAsync, CreateAsync, ShowAsync, UpdateAsync, DestroyAsync);
        environments.MapGet("/{id}/tokens", TokensAsync).Requires("token.read");
        environments.MapGet("/{id}/tokens/{token}", TokenAsync).Requires("token.read");
        environments.MapPost("/{id}/tokens", GenerateTokenAsync).Requires("environment.tokens.generate");
    }

    private static async Task<IResult> IndexAsync(Caller caller, LicenseServerDb db)
    {
        Forbidden.Unless(EnvironmentAccess.CanList(caller.Bearer));

        var query = db.Environments.AsNoTracking().Where(e => e.AccountId == caller.AccountId);
        var (items, links) = await Paging.Parse(caller.Http.Request).ApplyAsync(query, caller.Http);
        return JsonApiResults.List(items, EnvironmentSerializer.Write, links);
    }

    private static async Task<IResult> ShowAsync(Caller caller, LicenseServerDb db, string id)
    {
        var environment = await EnvironmentAccess.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted);
        Forbidden.Unless(EnvironmentAccess.CanShow(caller.Bearer));
        return JsonApiResults.Resource(environment, EnvironmentSerializer.Write);
    }

    private static async Task<IResult> CreateAsync(Caller caller, LicenseServerDb db)
    {
        Forbidden.Unless(EnvironmentAccess.CanManage(caller.Bearer));

        var ct = caller.Aborted;
        var request = await ResourceRequest.ReadAsync(caller.Http, EnvironmentSerializer.Type, "environment");
        var attributes = request.Attributes.Permit("name", "code", "isolationStrategy");
        request.Relationships.Permit("admins");
        var environment = new Environment
        {
            AccountId = caller.AccountId,
            Name = attributes.NotBlank("name", attributes.RequiredString("name")),
            Code = attributes.NotBlank("code", attributes.RequiredString("code")),
        };
        if (attributes.String("isolationStrategy") is { Present: true, Value: { } strategy })
        {
            environment.IsolationStrategy = EnvironmentValidation.Strategy(strategy);
        }

        await EnvironmentValidation.ValidateCodeAsync(db, environment, ct);
        var admins = Admins(request, environment, db);
        foreach (var admin in admins)
        {
            if (await db.Users.IgnoreQueryFilters().AnyAsync(u => u.AccountId == admin.AccountId && u.Email == admin.Email, ct))
            {
                throw DomainError.Invalid("/data/relationships/admins", "EMAIL_TAKEN", "has already been taken");
            }
        }

        db.Environments.Add(environment);
        db.Users.AddRange(admins);
        await EventLog.CommitAsync(db, "environment.created", environment, EnvironmentSerializer.Write, ct);
        return JsonApiResults.Created(caller.Http, environment, EnvironmentSerializer.Write,
            Links.Resource(environment.AccountId, EnvironmentSerializer.Type, environment.Id));
    }

    private static async Task<IResult> UpdateAsync(Caller caller, LicenseServerDb db, string id)
    {
        var environment = await EnvironmentAccess.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted, track: true);
        Forbidden.Unless(EnvironmentAccess.CanManage(caller.Bearer));

        var request = await ResourceRequest.ReadAsync(caller.Http, EnvironmentSerializer.Type, "environment");
        var attributes = request.Attributes.Permit("name", "code");
        if (!request.Relationships.IsEmpty)
        {
            throw DomainError.BadRequest("unpermitted parameter", "/data/relationships");
        }

        if (attributes.String("name") is { Present: true, Value: { } name })
        {
            environment.Name = attributes.NotBlank("name", name);
        }

        if (attributes.String("code") is { Present: true, Value: { } code })
        {
            environment.Code = attributes.NotBlank("code", code);
            await EnvironmentValidation.ValidateCodeAsync(db, environment, caller.Aborted);
        }

        await EventLog.CommitAsync(db, "environment.updated", environment, EnvironmentSerializer.Write, caller.Aborted);
        return JsonApiResults.Resource(environment, EnvironmentSerializer.Write);
    }

    /// <summary>Deletes the environment; its records go with it (the database cascades), and it no longer resolves at once.</summary>
    private static async Task<IResult> DestroyAsync(Caller caller, LicenseServerDb db, string id)
    {
        var environment = await EnvironmentAccess.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted, track: true);
        Forbidden.Unless(EnvironmentAccess.CanManage(caller.Bearer));

        await EventLog.CommitRemovalAsync(db, "environment.deleted", environment, EnvironmentSerializer.Write, caller.Aborted);
        return JsonApiResults.NoContent();
    }

    private static async Task<IResult> TokensAsync(Caller caller, LicenseServerDb db, string id)
    {
        // An environment's tokens belong to it: read them whatever the current environment.
        var environment = await ForTokensAsync(caller, db, id);
        return await BearerTokens.ListAsync(caller, db, db.Tokens.IgnoreQueryFilters(), Bearer.EnvironmentType, environment.Id);
    }

    private static async Task<IResult> TokenAsync(Caller caller, LicenseServerDb db, string id, string token)
    {
        var environment = await ForTokensAsync(caller, db, id);
        return await BearerTokens.ShowAsync(caller, db, db.Tokens.IgnoreQueryFilters(), Bearer.EnvironmentType, environment.Id, token);
    }

    /// <summary>
    /// POST /environments/{id}/tokens: admins and developers, inside that environment (the request names it and its token
    /// is valid there); 201 with a Location, unlike the other nested token routes.
    /// </summary>
    private static async Task<IResult> GenerateTokenAsync(Caller caller, LicenseServerDb db, string id)
    {
        var environment = await EnvironmentAccess.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted);
        Forbidden.Unless(EnvironmentAccess.CanManage(caller.Bearer));
        if (db.CurrentEnvironmentId != environment.Id)
        {
            throw EnvironmentRules.RecordNotCompatible();
        }

        var request = await ResourceRequest.ReadOptionalAsync(caller.Http, TokenSerializer.Type, "token");
        var token = await IssueAsync(caller, db, environment, request);
        return JsonApiResults.Created(caller.Http, token.Token, TokenSerializer.WithSecret(token.Raw),
            Links.Resource(caller.AccountId, TokenSerializer.Type, token.Token.Id));
    }

    /// <summary>A new token of <paramref name="environment"/>, saved with its event; also what an environment minting its own token through POST /tokens gets.</summary>
    public static async Task<(Token Token, string Raw)> IssueAsync(Caller caller, LicenseServerDb db, Environment environment, ResourceRequest request)
    {
        var attributes = request.Attributes.Permit("name", "expiry", "permissions");
        request.Relationships.Permit();
        var (token, raw) = TokenIssuer.Issue(caller.Account, Bearer.EnvironmentType, environment.Id, TokenKinds.Environment);
        token.EnvironmentId = environment.Id;
        await TokenAttributes.ApplyAsync(db, attributes, token, caller.Bearer, caller.Aborted);
        db.Tokens.Add(token);
        EventLog.Record(db, "token.generated", token, TokenSerializer.Write);
        await db.SaveChangesAsync(caller.Aborted);
        return (token, raw);
    }

    private static async Task<Environment> ForTokensAsync(Caller caller, LicenseServerDb db, string id)
    {
        var environment = await EnvironmentAccess.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted);
        Forbidden.Unless(EnvironmentAccess.CanReadTokens(caller.Bearer));
        return environment;
    }

    /// <summary>The founding admins of a new environment (<c>relationships.admins</c>, at most ten): admin-role users of that environment.</summary>
    private static List<User> Admins(ResourceRequest request, Environment environment, LicenseServerDb db)
    {
        if (!request.Relationships.TryGet("admins", out var relationship))
        {
            return [];
        }

        var linkage = RequestObject.From(relationship, "/data/relationships/admins").Permit("data");
        if (!linkage.TryGet("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            throw DomainError.BadRequest("type mismatch (received object expected array)", "/data/relationships/admins/data");
        }

        if (data.GetArrayLength() > MaxAdmins)
        {
            throw DomainError.Invalid("/data/relationships/admins", "ADMINS_TOO_MANY", "too many records");
        }

        var admins = new List<User>();
        var index = 0;
        foreach (var item in data.EnumerateArray())
        {
            var pointer = $"/data/relationships/admins/data/{index++}";
            var entry = RequestObject.From(item, pointer).Permit("type", "attributes");
            if (entry.RequiredString("type") is not ("user" or "users"))
            {
                throw DomainError.BadRequest("is invalid", $"{pointer}/type");
            }

            var attributes = entry.RequiredObject("attributes").Permit("email", "password", "firstName", "lastName", "metadata", "role");
            var admin = new User
            {
                AccountId = environment.AccountId,
                EnvironmentId = environment.Id,
                Email = UserRules.NormalizeEmail(attributes.RequiredString("email")),
                FirstName = attributes.String("firstName", nullable: true).Value,
                LastName = attributes.String("lastName", nullable: true).Value,
                Role = Roles.Admin,
            };
            var password = attributes.String("password", nullable: true).Value;
            UserRules.Validate(admin.Email, admin.FirstName, admin.LastName, password, $"{pointer}/attributes");
            if (password is not null)
            {
                admin.SetPassword(password, db.Passwords);
            }

            if (attributes.Metadata() is { Present: true, Value: { } metadata })
            {
                admin.Metadata = metadata;
            }

            admins.Add(admin);
        }

        return admins;
    }

}
