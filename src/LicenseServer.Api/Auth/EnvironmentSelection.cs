namespace LicenseServer.Api.Auth;

/// <summary>
/// The current environment of a request (enterprise.md §1.3): the <c>Keygen-Environment</c> header, else the
/// <c>environment</c> query parameter, naming an environment of the account by id or by its exact code; neither is the
/// global environment. Anything else is a 400 ENVIRONMENT_INVALID, before authentication.
/// </summary>
public static class EnvironmentSelection
{
    public const string Header = "Keygen-Environment";

    public static async Task<Core.Environments.Environment?> ResolveAsync(HttpContext http, LicenseServerDb db, Guid accountId)
    {
        string? value = http.Request.Headers.TryGetValue(Header, out var header) ? header.ToString()
            : http.Request.Query.TryGetValue("environment", out var parameter) ? parameter.ToString()
            : null;
        if (value is null)
        {
            return null;
        }

        var found = value.Length == 0 ? null
            : Ids.TryParse(value, out var id)
                ? await db.Environments.AsNoTracking().FirstOrDefaultAsync(e => e.AccountId == accountId && e.Id == id, http.RequestAborted)
                : await db.Environments.AsNoTracking().FirstOrDefaultAsync(e => e.AccountId == accountId && e.Code == value, http.RequestAborted);
        return found ?? throw new DomainError(ErrorKind.BadRequest, "environment is invalid", "ENVIRONMENT_INVALID", ErrorSource.AtHeader(Header));
    }
}
