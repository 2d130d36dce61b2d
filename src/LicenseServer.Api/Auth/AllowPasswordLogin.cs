namespace LicenseServer.Api.Auth;

/// <summary>Endpoint metadata: Basic email:password is a login here (only <c>POST /tokens</c>).</summary>
public sealed class AllowPasswordLogin
{
    public static readonly AllowPasswordLogin Instance = new();
}
