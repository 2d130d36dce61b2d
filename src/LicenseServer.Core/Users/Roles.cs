namespace LicenseServer.Core.Users;

public static class Roles
{
    public const string User = "user";
    public const string Admin = "admin";
    public const string Developer = "developer";
    public const string SalesAgent = "sales-agent";
    public const string SupportAgent = "support-agent";
    public const string ReadOnly = "read-only";

    public static readonly IReadOnlyList<string> All = [User, Admin, Developer, SalesAgent, SupportAgent, ReadOnly];

    /// <summary>Higher outranks lower; a bearer never acts on a user who outranks it.</summary>
    public static int Rank(string role) => role switch
    {
        Admin => 5,
        Developer => 4,
        SalesAgent => 3,
        SupportAgent => 2,
        ReadOnly => 1,
        _ => 0,
    };
}
