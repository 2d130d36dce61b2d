using LicenseServer.Core.Licenses;
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

    public Token? Token { get; private init; }

    public bool IsUser => Type == UserType;

    public bool IsProduct => Type == ProductType;

    public bool IsLicense => Type == LicenseType;

    /// <summary>Admins and developers: every action on every record of the account.</summary>
    public bool IsAdmin => Role is Roles.Admin or Roles.Developer;

    /// <summary>The admin role alone, developers excluded: only an admin chooses roles or manages others' second factors.</summary>
    public bool HasAdminRole => Role == Roles.Admin;

    public bool IsSalesAgent => Role == Roles.SalesAgent;

    public bool IsSupportAgent => Role == Roles.SupportAgent;

    public bool IsReadOnly => Role == Roles.ReadOnly;

    /// <summary>The vendor side: admins, developers, sales agents and products (a product on its own records).</summary>
    public bool IsVendor => IsAdmin || IsSalesAgent || IsProduct;

    /// <summary>Staff roles, read-only excluded.</summary>
    public bool IsStaff => Role is Roles.Admin or Roles.Developer or Roles.SalesAgent or Roles.SupportAgent;

    /// <summary>Roles that read every record of the account.</summary>
    public bool CanReadAll => IsStaff || Role == Roles.ReadOnly;

    /// <summary>A plain end user (role "user").</summary>
    public bool IsEndUser => IsUser && Role == Roles.User;

    public static Bearer ForUser(User user, Token? token) =>
        new(UserType, user.Id, user.Role) { User = user, Token = token };

    public static Bearer ForProduct(Product product, Token? token) =>
        new(ProductType, product.Id, "product") { Product = product, Token = token };

    /// <summary>A license bearer (license key or activation token); the license comes with its policy and owner loaded.</summary>
    public static Bearer ForLicense(License license, Token? token) =>
        new(LicenseType, license.Id, "license") { License = license, Token = token };
}
