namespace LicenseServer.Core.Tokens;

/// <summary>What a token's rendered permissions depend on: its bearer's role and stored permissions.</summary>
public sealed record TokenHolder(string Role, string[]? Permissions)
{
    /// <summary>The holder of a token whose bearer is <paramref name="bearer"/>.</summary>
    public static TokenHolder Of(Bearer bearer) => new(bearer.Role, bearer.StoredPermissions);
}
