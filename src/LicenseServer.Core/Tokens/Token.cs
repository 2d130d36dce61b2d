namespace LicenseServer.Core.Tokens;

public sealed class Token : AccountEntity
{
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

    public bool IsExpired(DateTime now) => Expiry is not null && Expiry <= now;
}
