namespace LicenseServer.Tests.Infrastructure;

/// <summary>An account made for one test, with its first admin and an admin token.</summary>
public sealed record TestAccount(Guid Id, string Slug, Guid AdminId, string AdminEmail, string AdminPassword, string AdminToken, Guid AdminTokenId)
{
    public string Path(string relative = "") => $"/v1/accounts/{Id}" + (relative.Length == 0 ? string.Empty : "/" + relative.TrimStart('/'));
}
