using LicenseServer.Core.Licenses;
using LicenseServer.Core.Permissions;
using LicenseServer.Core.Products;
using LicenseServer.Core.Tokens;
using LicenseServer.Core.Users;

namespace LicenseServer.Core.Auth;

/// <summary>Who is making the request: a user (with a role), a product or a license, and the token used, if any.</summary>
public sealed class Bearer
{
    public const string UserType = "users";
    public const string ProductType = "products";
    public const string LicenseType = "licenses";
    public const string EnvironmentType = "environments";
    public const string EnvironmentRole = "environment";

    private Bearer(string type, Guid id, string role)
    {
        Type = type;
        Id = id;
        Role = role;
    }

    /// <summary>The resource type of the bearer: users, products or licenses.</summary>
    public string Type { get; }

    public Guid Id { get; }

    /// <summary>The user's role, or "product" / "license" for those bearers.</summary>
    public string Role { get; }

    public User? User { get; private init; }

    public Product? Product { get; private init; }

    public License? License { get; private init; }

    /// <summary>An environment bearer (enterprise.md §1.4): an admin limited to its own environment.</summary>
    public Environments.Environment? Environment { get; private init; }

    /// <summary>The environment the bearer belongs to; null for global bearers.</summary>
    public Guid? EnvironmentId => User?.EnvironmentId ?? Product?.EnvironmentId ?? License?.EnvironmentId ?? Environment?.Id;

    public Token? Token { get; private init; }

    /// <summary>The role as 403 details name it: <c>sales agent</c>, <c>read only</c>, <c>environment</c>, …</summary>
    public string RoleName => Role.Replace('-', ' ');

    /// <summary>The permissions the bearer holds (enterprise.md §5): its stored set, or its role's default.</summary>
    public PermissionSet Permissions => field ??= Grants.Effective(Role, StoredPermissions);

    /// <summary>The permissions of the token used, within the bearer's: the bearer's own when the token defers or none was used.</summary>
    public PermissionSet TokenPermissions => field ??= Grants.EffectiveForToken(Permissions, Token?.Permissions);

    /// <summary>Whether the request used a token with a list of its own (not the wildcard): such a token never mints a broader one (§5.4).</summary>
    public bool HasRestrictedToken => Token?.Permissions is { } stored && !Grants.IsWildcard(stored);

    /// <summary>The stored <c>permissions</c> of the user, product or license.</summary>
    public string[]? StoredPermissions => User?.Permissions ?? Product?.Permissions ?? License?.Permissions;

    /// <summary>
    /// The 403 for a bearer or token lacking any of <paramref name="required"/> (§5.3): the bearer is checked first, then
    /// the token; null when both hold them all.
    /// </summary>
    public DomainError? Lacking(PermissionSet required)
    {
        if (!Permissions.ContainsAll(required))
        {
            return DomainError.Forbidden($"{RoleName} lacks permission to perform action");
        }

        return TokenPermissions.ContainsAll(required) ? null : DomainError.Forbidden("token lacks permission to perform action");
    }

    /// <summary>Throws the 403 of <see cref="Lacking"/> unless the bearer and its token hold <paramref name="permission"/>.</summary>
    public void Require(string permission)
    {
        if (Lacking(PermissionSet.Of([permission])) is { } denied)
        {
            throw denied;
        }
    }

    public bool IsUser => Type == UserType;

    public bool IsProduct => Type == ProductType;

    public bool IsLicense => Type == LicenseType;

    public bool IsEnvironment => Type == EnvironmentType;

    /// <summary>Admins, developers and environments: every action on every record they see (environments: of their own environment).</summary>
    public bool IsAdmin => Role is Roles.Admin or Roles.Developer or EnvironmentRole;

    /// <summary>The admin role alone, developers excluded: only an admin chooses roles or manages others' second factors.</summary>
    public bool HasAdminRole => Role == Roles.Admin;

    public bool IsSalesAgent => Role == Roles.SalesAgent;

    public bool IsSupportAgent => Role == Roles.SupportAgent;

    public bool IsReadOnly => Role == Roles.ReadOnly;

    /// <summary>The vendor side: admins, developers, sales agents and products (a product on its own records).</summary>
    public bool IsVendor => IsAdmin || IsSalesAgent || IsProduct;

    /// <summary>Staff roles, read-only excluded.</summary>
    public bool IsStaff => Role is Roles.Admin or Roles.Developer or Roles.SalesAgent or Roles.SupportAgent or EnvironmentRole;

    /// <summary>Roles that read every record of the account.</summary>
    public bool CanReadAll => IsStaff || Role == Roles.ReadOnly;

    /// <summary>A plain end user (role "user").</summary>
    public bool IsEndUser => IsUser && Role == Roles.User;

    public static Bearer ForUser(User user, Token? token) =>
        new(UserType, user.Id, user.Role) { User = user, Token = token };

    public static Bearer ForProduct(Product product, Token? token) =>
        new(ProductType, product.Id, "product") { Product = product, Token = token };

    public static Bearer ForEnvironment(Environments.Environment environment, Token token) =>
        new(EnvironmentType, environment.Id, EnvironmentRole) { Environment = environment, Token = token };

    /// <summary>A license bearer (license key or activation token); the license comes with its policy and owner loaded.</summary>
    public static Bearer ForLicense(License license, Token? token) =>
        new(LicenseType, license.Id, "license") { License = license, Token = token };
}
