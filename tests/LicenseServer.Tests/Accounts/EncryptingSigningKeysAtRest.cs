using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LicenseServer.Core.Accounts;
using LicenseServer.Core.Common;
using LicenseServer.Core.Users;
using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;
using LicenseServer.Tests.Users;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Accounts;

/// <summary>
/// The accounts' private signing keys are stored encrypted with the server key (Secrets:Key / Secrets:KeyFile): the
/// database alone does not hold them, old plain-text rows are encrypted at start-up, a rotation re-encrypts with the new
/// key, and a server without the key refuses to start instead of failing every request.
/// </summary>
public sealed class EncryptingSigningKeysAtRest(TestApp app)
{
    private static readonly string OtherKey = Convert.ToBase64String(SHA256.HashData("another server key"u8));

    private static string IdOf(string base64Key) => ServerKeyRing.IdOf(Convert.FromBase64String(base64Key));

    private static Task<Account> AccountAsync(TestApp server, Guid accountId) =>
        server.QueryAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == accountId));

    [Fact]
    public async Task A_new_accounts_private_keys_are_stored_encrypted_and_still_sign()
    {
        var account = await app.CreateAccountAsync();
        var license = await SigningKeyChecks.LicenseAsync(app, account);
        var plain = await AccountAsync(app, account.Id);

        var stored = await SigningKeyChecks.StoredKeysAsync(app, account.Id);

        Assert.All(stored, value => Assert.StartsWith($"enc:v1:{IdOf(TestApp.ServerKey)}:", value));
        Assert.DoesNotContain(stored, value => value.Contains("PRIVATE KEY", StringComparison.Ordinal));
        Assert.DoesNotContain(stored, value => value.Contains(plain.Ed25519PrivateKey, StringComparison.OrdinalIgnoreCase));
        Assert.Contains("BEGIN RSA PRIVATE KEY", plain.RsaPrivateKey);
        await SigningKeyChecks.AssertSignsAsync(app, account, await SigningKeyChecks.PublicKeysAsync(app, account), license);
    }

    [Fact]
    public async Task Plain_text_keys_of_old_rows_are_encrypted_at_start_up_and_still_sign()
    {
        await using var first = await TestApp.StartAsync(new Dictionary<string, string?>());
        var account = await first.CreateAccountAsync();
        var license = await SigningKeyChecks.LicenseAsync(first, account);
        var publicKeys = await SigningKeyChecks.PublicKeysAsync(first, account);
        var plain = await AccountAsync(first, account.Id);
        await first.QueryAsync(db => db.Database.ExecuteSqlAsync(
            $"UPDATE accounts SET ed25519private_key = {plain.Ed25519PrivateKey}, rsa_private_key = {plain.RsaPrivateKey}, ecdsa_private_key = {plain.EcdsaPrivateKey} WHERE id = {account.Id}"));
        Assert.Equal([plain.Ed25519PrivateKey, plain.RsaPrivateKey, plain.EcdsaPrivateKey], await SigningKeyChecks.StoredKeysAsync(first, account.Id));

        await using var restarted = await first.StartSecondNodeAsync();

        var stored = await SigningKeyChecks.StoredKeysAsync(restarted, account.Id);
        Assert.All(stored, value => Assert.StartsWith($"enc:v1:{IdOf(TestApp.ServerKey)}:", value));
        var reopened = await AccountAsync(restarted, account.Id);
        Assert.Equal(plain.Ed25519PrivateKey, reopened.Ed25519PrivateKey);
        Assert.Equal(plain.RsaPrivateKey, reopened.RsaPrivateKey);
        await SigningKeyChecks.AssertSignsAsync(restarted, account, publicKeys, license);
    }

    [Fact]
    public async Task A_rotation_re_encrypts_with_the_new_key_and_the_old_key_still_opens_until_then()
    {
        await using var first = await TestApp.StartAsync(new Dictionary<string, string?>());
        var account = await first.CreateAccountAsync();
        var license = await SigningKeyChecks.LicenseAsync(first, account);
        var publicKeys = await SigningKeyChecks.PublicKeysAsync(first, account);
        var plain = await AccountAsync(first, account.Id);
        var before = await SigningKeyChecks.StoredKeysAsync(first, account.Id);

        await using (var rotated = await first.StartSecondNodeAsync(new Dictionary<string, string?> { ["Secrets:Key"] = OtherKey, ["Secrets:PreviousKeys"] = TestApp.ServerKey }))
        {
            var ring = rotated.GetService<ServerKeyRing>();
            Assert.Equal(plain.Ed25519PrivateKey, ring.Open(before[0], AccountKeySealing.Context(account.Id, AccountKeySealing.Ed25519Column)));
            var after = await SigningKeyChecks.StoredKeysAsync(rotated, account.Id);
            Assert.All(after, value => Assert.StartsWith($"enc:v1:{IdOf(OtherKey)}:", value));
            Assert.DoesNotContain(after, before.Contains);
            await SigningKeyChecks.AssertSignsAsync(rotated, account, publicKeys, license);
        }

        // Once re-encrypted, the new key alone opens everything, and the old key alone no longer does.
        await using (var newKeyOnly = await first.StartSecondNodeAsync(new Dictionary<string, string?> { ["Secrets:Key"] = OtherKey }))
        {
            await SigningKeyChecks.AssertSignsAsync(newKeyOnly, account, publicKeys, license);
        }

        var error = await Assert.ThrowsAnyAsync<Exception>(() => first.StartSecondNodeAsync());
        Assert.Contains($"cannot be decrypted with the configured server keys", error.ToString());
    }

    [Fact]
    public async Task A_rotation_re_encrypts_second_factor_secrets_and_they_verify_under_the_new_key_alone()
    {
        await using var first = await TestApp.StartAsync(new Dictionary<string, string?>());
        var account = await first.CreateAccountAsync();
        var (userId, _, token) = await first.CreateUserWithTokenAsync(account);
        var created = (await first.Client(token).PostAsync(account.Path($"users/{userId}/second-factors"), new { meta = new { password = TestApp.Password } })).Expect(201);
        var factorId = Guid.Parse((string)created.Data!["id"]!);
        var before = await StoredSecretAsync(first, factorId);

        await using (await first.StartSecondNodeAsync(new Dictionary<string, string?> { ["Secrets:Key"] = OtherKey, ["Secrets:PreviousKeys"] = TestApp.ServerKey }))
        {
        }

        var after = await StoredSecretAsync(first, factorId);
        Assert.StartsWith($"enc:v1:{IdOf(TestApp.ServerKey)}:", before);
        Assert.StartsWith($"enc:v1:{IdOf(OtherKey)}:", after);
        await using var newKeyOnly = await first.StartSecondNodeAsync(new Dictionary<string, string?> { ["Secrets:Key"] = OtherKey });
        var enable = new { data = new { type = "second-factors", attributes = new { enabled = true } }, meta = new { otp = TestTotp.Code(created.Attribute("secret"), DateTimeOffset.UtcNow) } };
        (await newKeyOnly.Client(token).PatchAsync(account.Path($"users/{userId}/second-factors/{factorId}"), enable)).Expect(200);
    }

    [Fact]
    public async Task A_second_factor_secret_under_an_unknown_key_stops_the_server_and_names_the_factor()
    {
        await using var first = await TestApp.StartAsync(new Dictionary<string, string?>());
        var account = await first.CreateAccountAsync();
        var (userId, _, token) = await first.CreateUserWithTokenAsync(account);
        var created = (await first.Client(token).PostAsync(account.Path($"users/{userId}/second-factors"), new { meta = new { password = TestApp.Password } })).Expect(201);
        var factorId = Guid.Parse((string)created.Data!["id"]!);
        var foreign = new ServerKeyRing(Convert.FromBase64String(OtherKey), []).Seal("JBSWY3DPEHPK3PXP", SecondFactors.Context(factorId));
        await first.QueryAsync(db => db.SecondFactors.Where(f => f.Id == factorId).ExecuteUpdateAsync(set => set.SetProperty(f => f.StoredSecret, foreign)));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => first.StartSecondNodeAsync());

        Assert.Contains($"The second-factor secret {factorId} cannot be decrypted", error.ToString());
    }

    private static Task<string> StoredSecretAsync(TestApp server, Guid factorId) =>
        server.QueryAsync(db => db.SecondFactors.AsNoTracking().Where(f => f.Id == factorId).Select(f => f.StoredSecret).SingleAsync());

    [Fact]
    public async Task A_server_without_the_key_that_encrypted_the_keys_does_not_start()
    {
        await using var first = await TestApp.StartAsync(new Dictionary<string, string?>());
        var account = await first.CreateAccountAsync();

        var wrong = await Assert.ThrowsAnyAsync<Exception>(() => first.StartSecondNodeAsync(new Dictionary<string, string?> { ["Secrets:Key"] = OtherKey }));
        var missing = await Assert.ThrowsAnyAsync<Exception>(() => first.StartSecondNodeAsync(new Dictionary<string, string?> { ["Secrets:Key"] = null }));

        Assert.Contains($"The signing keys of account {account.Id} cannot be decrypted", wrong.ToString());
        Assert.Contains($"server key {IdOf(TestApp.ServerKey)}, which is not configured", wrong.ToString());
        Assert.Contains("No server key is configured: set Secrets__KeyFile", missing.ToString());
    }

    [Fact]
    public async Task A_key_file_is_created_readable_by_the_owner_only_on_first_start_and_reused()
    {
        var directory = Directory.CreateTempSubdirectory("licenseserver-key-");
        try
        {
            var keyFile = Path.Combine(directory.FullName, "keys", "server.key");
            var settings = new Dictionary<string, string?> { ["Secrets:Key"] = null, ["Secrets:KeyFile"] = keyFile };
            await using var first = await TestApp.StartAsync(settings);
            var account = await first.CreateAccountAsync();

            var key = (await File.ReadAllTextAsync(keyFile, TestContext.Current.CancellationToken)).Trim();
            Assert.Equal(32, Convert.FromBase64String(key).Length);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
            }

            Assert.All(await SigningKeyChecks.StoredKeysAsync(first, account.Id), value => Assert.StartsWith($"enc:v1:{IdOf(key)}:", value));
            await using var second = await first.StartSecondNodeAsync();
            Assert.Equal(key, (await File.ReadAllTextAsync(keyFile, TestContext.Current.CancellationToken)).Trim());
            await SigningKeyChecks.AssertSignsAsync(second, account, await SigningKeyChecks.PublicKeysAsync(second, account), await SigningKeyChecks.LicenseAsync(second, account));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}

/// <summary>What the tests of stored signing keys check: the stored columns, and that the server still signs.</summary>
public static class SigningKeyChecks
{
    /// <summary>The three private-key columns as the database holds them.</summary>
    public static Task<string[]> StoredKeysAsync(TestApp server, Guid accountId) => server.QueryAsync(async db =>
        (await db.Database.SqlQuery<string>(
            $"SELECT concat_ws('|', ed25519private_key, rsa_private_key, ecdsa_private_key) AS \"Value\" FROM accounts WHERE id = {accountId}")
            .SingleAsync()).Split('|'));

    public sealed record TestLicense(string Id, string Key);

    public static async Task<TestLicense> LicenseAsync(TestApp server, TestAccount account)
    {
        var created = await server.CreateLicenseAsync(account, await server.CreatePolicyAsync(account));
        return new TestLicense((string)created.Data!["id"]!, created.Attribute("key"));
    }

    /// <summary>The account's public keys as the API shows them (the account's meta).</summary>
    public static async Task<JsonNode> PublicKeysAsync(TestApp server, TestAccount account) =>
        (await server.Admin(account).GetAsync(account.Path())).Expect(200).Data!["meta"]!.DeepClone();

    /// <summary>
    /// The server signs with the account's private keys: a response signature (Ed25519) and license files signed with
    /// each key type verify with <paramref name="publicKeys"/>.
    /// </summary>
    public static async Task AssertSignsAsync(TestApp server, TestAccount account, JsonNode publicKeys, TestLicense license)
    {
        var target = account.Path($"licenses/{license.Id}");
        var response = (await server.Admin(account).GetAsync(target)).Expect(200);
        var signature = Signatures.Parse(response.Header("Keygen-Signature")!);
        var signed = Encoding.UTF8.GetBytes(
            $"(request-target): get {target}\nhost: {server.BaseAddress.Authority}\ndate: {response.Header("Date")}\ndigest: {response.Header("Digest")}");
        Assert.True(Signatures.Verify("ed25519", publicKeys, signed, Convert.FromBase64String(signature["signature"])), "the response signature does not verify");

        foreach (var algorithm in new[] { "base64+ed25519", "base64+rsa-pss-sha256", "base64+ecdsa-p256" })
        {
            var file = await server.Admin(account).PostAsync(account.Path($"licenses/{license.Id}/actions/check-out"), new { meta = new { algorithm } });
            var payload = LicenseFileReader.Decode(file.Expect(200).Attribute("certificate"));
            Assert.True(Signatures.Verify(payload.Signature, publicKeys, payload.SignedBytes, Convert.FromBase64String(payload.Sig)),
                $"the {algorithm} license file does not verify");
            Assert.Equal(license.Key, (string?)LicenseFileReader.Open(payload, null)["data"]!["attributes"]!["key"]);
        }
    }
}
