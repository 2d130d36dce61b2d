using System.Text;
using System.Text.Json;
using LicenseServer.Core.Accounts;
using LicenseServer.Core.Signatures;

namespace LicenseServer.Core.Machines;

/// <summary>
/// The legacy offline proof of a machine (behaviour.md §4.9): <c>proof/</c> and the URL-safe Base64 of a
/// JSON dataset, a dot, and the URL-safe Base64 of the account's RSA PKCS#1 v1.5 SHA-256 signature of
/// everything before the dot.
/// </summary>
public static class OfflineProof
{
    private const string Prefix = "proof/";

    /// <summary>Signs <paramref name="dataset"/> (compact JSON) with the account's RSA key.</summary>
    public static string Sign(Account account, string dataset)
    {
        var signed = Prefix + SignedJson.Base64Url(Encoding.UTF8.GetBytes(dataset));
        var signature = MessageSigner.Sign(account, SignatureAlgorithms.RsaSha256, Encoding.ASCII.GetBytes(signed));
        return $"{signed}.{signature.Replace('+', '-').Replace('/', '_')}";
    }

    /// <summary>The default dataset: account, product, policy (id, duration), license (id, key, expiry), machine (id, fingerprint, created), ts.</summary>
    public static string DefaultDataset(Machine machine, DateTime now)
    {
        var license = machine.LoadedLicense;
        var policy = license.LoadedPolicy;
        return SignedJson.Json(w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("account");
            w.WriteString("id", machine.AccountId);
            w.WriteEndObject();
            w.WriteStartObject("product");
            w.WriteString("id", license.ProductId);
            w.WriteEndObject();
            w.WriteStartObject("policy");
            w.WriteString("id", policy.Id);
            w.WriteNullableNumber("duration", policy.Duration);

            w.WriteEndObject();
            w.WriteStartObject("license");
            w.WriteString("id", license.Id);
            w.WriteString("key", license.Key);
            w.WriteNullableString("expiry", license.Expiry is { } expiry ? SignedJson.Time(expiry) : null);

            w.WriteEndObject();
            w.WriteStartObject("machine");
            w.WriteString("id", machine.Id);
            w.WriteString("fingerprint", machine.Fingerprint);
            w.WriteString("created", SignedJson.Time(machine.Created));
            w.WriteEndObject();
            w.WriteString("ts", SignedJson.Time(now));
            w.WriteEndObject();
        });
    }

    /// <summary>A dataset supplied by the caller, as compact JSON with its keys in snake_case (as every request key is read).</summary>
    public static string SuppliedDataset(JsonElement dataset) => SignedJson.Json(w => Copy(w, dataset));

    private static void Copy(Utf8JsonWriter w, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                w.WriteStartObject();
                foreach (var property in value.EnumerateObject())
                {
                    w.WritePropertyName(Casing.ToSnake(property.Name));
                    Copy(w, property.Value);
                }

                w.WriteEndObject();
                break;
            case JsonValueKind.Array:
                w.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    Copy(w, item);
                }

                w.WriteEndArray();
                break;
            default:
                value.WriteTo(w);
                break;
        }
    }
}
