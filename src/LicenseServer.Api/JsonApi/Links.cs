namespace LicenseServer.Api.JsonApi;

/// <summary>Relative links inside resources always use the account and resource UUIDs.</summary>
public static class Links
{
    public static string Account(Guid accountId) => $"/v1/accounts/{accountId}";

    public static string Resource(Guid accountId, string type, Guid id) => $"/v1/accounts/{accountId}/{type}/{id}";

    public static string Related(Guid accountId, string type, Guid id, string relationship) =>
        $"/v1/accounts/{accountId}/{type}/{id}/{relationship}";
}
