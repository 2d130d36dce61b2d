using LicenseServer.Core.Users;

namespace LicenseServer.Api.Users;

/// <summary>
/// <c>second-factors</c> documents. The secret and the provisioning URI are written only while the factor is disabled
/// and only in responses to the user's own managers (never in event or webhook payloads).
/// </summary>
public static class SecondFactorSerializer
{
    public const string Type = "second-factors";

    /// <summary>Without secret or URI (events, enabled factors).</summary>
    public static void Write(Utf8JsonWriter w, SecondFactor factor) => Write(w, factor, null, null);

    /// <summary>With the plain secret and URI while the factor is disabled.</summary>
    public static Action<Utf8JsonWriter, SecondFactor> WithSecret(Func<SecondFactor, string> secretOf, string email) =>
        (w, factor) =>
        {
            if (factor.Enabled)
            {
                Write(w, factor, null, null);
                return;
            }

            var secret = secretOf(factor);
            Write(w, factor, secret, SecondFactors.ProvisioningUri(secret, email));
        };

    private static void Write(Utf8JsonWriter w, SecondFactor factor, string? secret, string? uri)
    {
        var user = Links.Resource(factor.AccountId, "users", factor.UserId);
        w.BeginResource(Type, factor.Id);
        w.WriteString("uri", uri);
        w.WriteString("secret", secret);
        w.WriteBoolean("enabled", factor.Enabled);
        w.BeginRelationships(factor);
        w.WriteToOne("user", user, "users", factor.UserId);
        w.EndResource(SelfLink(factor));
    }

    public static string SelfLink(SecondFactor factor) =>
        $"{Links.Resource(factor.AccountId, "users", factor.UserId)}/second-factors/{factor.Id}";
}
