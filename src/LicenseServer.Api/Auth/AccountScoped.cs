namespace LicenseServer.Api.Auth;

/// <summary>Endpoint metadata: the route has an <c>{account}</c> segment and authenticates its bearer.</summary>
public sealed class AccountScoped
{
    public static readonly AccountScoped Instance = new();
}
