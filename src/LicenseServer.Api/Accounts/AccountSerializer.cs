using System.Text;
using LicenseServer.Core.Accounts;

namespace LicenseServer.Api.Accounts;

public static class AccountSerializer
{
    private static readonly string[] Related =
    [
        "settings", "webhookEndpoints", "webhookEvents", "products", "policies", "users", "keys",
        "licenses", "machines", "components", "processes", "tokens",
    ];

    public static void Write(Utf8JsonWriter w, Account account)
    {
        var self = Links.Account(account.Id);
        w.BeginResource("accounts", account.Id);
        w.WriteString("name", account.Name);
        w.WriteString("slug", account.Slug);
        w.WriteString("apiVersion", account.ApiVersion);
        w.WriteString("status", "SUBSCRIBED");
        w.WriteBoolean("protected", account.Protected);
        w.WriteTime("created", account.Created);
        w.WriteTime("updated", account.Updated);
        w.WriteEndObject();
        w.WriteStartObject("relationships");
        foreach (var name in Related)
        {
            w.WriteToMany(name, $"{self}/{Kebab(name)}");
        }

        w.EndRelationships(self);
        w.WriteStartObject("meta");
        var rsa = Base64(account.RsaPublicKey);
        w.WriteString("publicKey", rsa);
        w.WriteStartObject("keys");
        w.WriteString("ed25519", Base64(account.Ed25519PublicKey));
        w.WriteString("rsa2048", rsa);
        w.WriteString("ecdsa", Base64(account.EcdsaPublicKey));
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string Kebab(string camel) => Core.Common.Casing.ToSnake(camel).Replace('_', '-');
}
