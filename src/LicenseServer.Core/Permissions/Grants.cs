namespace LicenseServer.Core.Permissions;

/// <summary>
/// What a holder's stored <c>permissions</c> mean (enterprise.md §5.1, §9.2): the effective set a check uses, the array a
/// document shows, and the validation of a new list. Users, licenses and products store null for their role's default,
/// <c>["*"]</c> for everything their role allows, or a list; tokens store null or <c>["*"]</c> to defer to their bearer.
/// </summary>
public static class Grants
{
    /// <summary>The permissions a user, license or product of <paramref name="role"/> holds.</summary>
    public static PermissionSet Effective(string role, string[]? stored) => stored switch
    {
        null => Permissions.DefaultFor(role),
        _ when IsWildcard(stored) => Permissions.AllowedFor(role),
        _ => PermissionSet.Of(stored).Intersect(Permissions.AllowedFor(role)),
    };

    /// <summary>The permissions a token holds: its own list within its bearer's, or the bearer's when it defers.</summary>
    public static PermissionSet EffectiveForToken(PermissionSet bearer, string[]? stored) =>
        stored is null || IsWildcard(stored) ? bearer : PermissionSet.Of(stored).Intersect(bearer);

    /// <summary>The <c>permissions</c> attribute of a user, license or product: <c>["*"]</c> kept, otherwise the effective set.</summary>
    public static IReadOnlyList<string> Rendered(string role, string[]? stored) =>
        stored is not null && IsWildcard(stored) ? [Permissions.Wildcard] : Effective(role, stored).Names;

    /// <summary>The <c>permissions</c> attribute of a token: its bearer's when it defers, otherwise its own within its bearer's.</summary>
    public static IReadOnlyList<string> RenderedForToken(string bearerRole, string[]? bearerStored, string[]? stored)
    {
        if (stored is null || IsWildcard(stored))
        {
            return Rendered(bearerRole, bearerStored);
        }

        return EffectiveForToken(Effective(bearerRole, bearerStored), stored).Names;
    }

    public static bool IsWildcard(IReadOnlyCollection<string> stored) => stored.Contains(Permissions.Wildcard);

    /// <summary>Whether <paramref name="stored"/> is a full set: the wildcard or every permission (the admin minimum, §5.6).</summary>
    public static bool IsFull(string role, string[]? stored) => Effective(role, stored).Equals(Permissions.Everything);

    /// <summary>
    /// A requested list checked against what the holder may be given (§5.2): every string a known permission or the wildcard,
    /// none twice, none outside <paramref name="allowed"/>. 422 PERMISSIONS_NOT_ALLOWED otherwise. Returns the list to store.
    /// </summary>
    public static string[] Validate(IReadOnlyList<string> requested, PermissionSet allowed, string pointer = "/data/attributes/permissions") =>
        IsValidList(requested, allowed, wildcard: true)
            ? [.. requested]
            : throw DomainError.Invalid(pointer, "PERMISSIONS_NOT_ALLOWED", "unsupported permissions");

    /// <summary>Whether every string of <paramref name="requested"/> is in <paramref name="allowed"/> (or the wildcard, when <paramref name="wildcard"/>) and none is listed twice.</summary>
    public static bool IsValidList(IReadOnlyList<string> requested, PermissionSet allowed, bool wildcard) =>
        requested.Distinct(StringComparer.Ordinal).Count() == requested.Count
        && requested.All(p => (wildcard && p == Permissions.Wildcard) || allowed.Contains(p));

    /// <summary>
    /// The stored permissions of a new user, license or product of <paramref name="role"/>: the requested list (validated
    /// against the role's allowed set), else the account's default setting for the role, else null (the role's default).
    /// </summary>
    public static string[]? ForNewHolder(string role, IReadOnlyList<string>? requested, IReadOnlyList<string>? accountDefault, string pointer) =>
        requested is not null ? Validate(requested, Permissions.AllowedFor(role), pointer)
        : accountDefault is not null ? [.. PermissionSet.Of(accountDefault).Intersect(Permissions.AllowedFor(role)).Names]
        : null;

    /// <summary>
    /// The stored permissions of a user whose role changes (§5.4): the wildcard is kept; otherwise what it held that the new
    /// role's default set also has.
    /// </summary>
    public static string[]? AfterRoleChange(string oldRole, string[]? stored, string newRole) =>
        stored is not null && IsWildcard(stored) ? stored : [.. Effective(oldRole, stored).Intersect(Permissions.DefaultFor(newRole)).Names];
}
