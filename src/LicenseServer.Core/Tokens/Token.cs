using LicenseServer.Core.Environments;
namespace LicenseServer.Core.Tokens;

public sealed class Token : AccountEntity, IEnvironmentScoped
{
    /// <inheritdoc/>
    public Guid? EnvironmentId { get; set; }

    /// <summary>"users", "products" or "licenses": the bearer's resource type.</summary>
    public required string BearerType { get; set; }

    public Guid BearerId { get; set; }

    public required string Kind { get; set; }

    /// <summary>HMAC-SHA256 of the raw token keyed with the account secret; the raw token is never stored.</summary>
    public required string Digest { get; set; }

    public string? Name { get; set; }

    public DateTime? Expiry { get; set; }

    public int? MaxActivations { get; set; }

    public int Activations { get; set; }

    public int? MaxDeactivations { get; set; }

    public int Deactivations { get; set; }

    /// <summary>
    /// The stored <c>permissions</c> (enterprise.md §5.1): null or <c>["*"]</c> defer to the bearer; otherwise the token
    /// holds these strings, and never more than its bearer (see <see cref="Permissions.Grants"/>).
    /// </summary>
    public string[]? Permissions { get; set; }

    /// <summary>
    /// The bearer's role and stored permissions, which the token's <c>permissions</c> attribute is rendered from; loaded
    /// with <see cref="TokenHolders"/> (not a column).
    /// </summary>
    public TokenHolder? Holder { get; set; }

    public bool IsExpired(DateTime now) => Expiry is not null && Expiry <= now;
}
