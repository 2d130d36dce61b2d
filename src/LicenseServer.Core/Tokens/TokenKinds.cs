using LicenseServer.Core.Users;

namespace LicenseServer.Core.Tokens;

public static class TokenKinds
{
    public const string Admin = "admin-token";
    public const string Developer = "developer-token";
    public const string Sales = "sales-token";
    public const string Support = "support-token";
    public const string ReadOnly = "read-only-token";
    public const string User = "user-token";
    public const string Product = "product-token";
    public const string Activation = "activation-token";
    public const string Environment = "environment-token";

    public static string ForRole(string role) => role switch
    {
        Roles.Admin => Admin,
        Roles.Developer => Developer,
        Roles.SalesAgent => Sales,
        Roles.SupportAgent => Support,
        Roles.ReadOnly => ReadOnly,
        _ => User,
    };

    public static string Prefix(string kind) => kind switch
    {
        Admin => "admin",
        Developer => "dev",
        Sales => "sales",
        Support => "spprt",
        ReadOnly => "read",
        User => "user",
        Product => "prod",
        Activation => "activ",
        Environment => "env",
        _ => "token",
    };
}
