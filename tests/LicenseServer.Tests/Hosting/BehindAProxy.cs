using System.Security.Cryptography;
using System.Text;
using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.RateLimits;

namespace LicenseServer.Tests.Hosting;

/// <summary>
/// Behind a reverse proxy (TLS ends there), the host and scheme the client used arrive as <c>X-Forwarded-Host</c> and
/// <c>X-Forwarded-Proto</c>. They are believed only from <c>Server:TrustedProxies</c>: a response's signature then
/// covers the host the client asked for, so the client's verification passes; from anyone else they change nothing.
/// </summary>
public sealed class BehindAProxy(LimitedApp proxied, TestApp direct) : IClassFixture<LimitedApp>
{
    private static readonly Dictionary<string, string> Forwarded = new()
    {
        ["X-Forwarded-For"] = "203.0.113.7",
        ["X-Forwarded-Host"] = "licensing.example.com",
        ["X-Forwarded-Proto"] = "https",
    };

    [Fact]
    public async Task From_a_trusted_proxy_the_signature_covers_the_forwarded_host()
    {
        var account = await proxied.App.CreateAccountAsync();

        var host = await SignedHostAsync(proxied.App, account);

        Assert.Equal("licensing.example.com", host);
    }

    [Fact]
    public async Task From_anyone_else_the_forwarded_host_is_ignored()
    {
        var account = await direct.CreateAccountAsync();

        var host = await SignedHostAsync(direct, account);

        Assert.Equal(direct.BaseAddress.Authority, host);
    }

    /// <summary>Which of the two candidate hosts the response's signature verifies with.</summary>
    private static async Task<string?> SignedHostAsync(TestApp app, TestAccount account)
    {
        var target = account.Path("products");
        var response = (await app.Admin(account).SendRawAsync(HttpMethod.Get, target, null, null, headers: Forwarded)).Expect(200);
        var keys = (await app.Admin(account).GetAsync(account.Path())).Expect(200).Data!["meta"]!;
        var signature = Signatures.Parse(response.Header("Keygen-Signature")!);
        var digest = "sha-256=" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(response.Body)));
        foreach (var host in new[] { "licensing.example.com", app.BaseAddress.Authority })
        {
            var signed = Encoding.UTF8.GetBytes($"(request-target): get {target}\nhost: {host}\ndate: {response.Header("Date")}\ndigest: {digest}");
            if (Signatures.Verify("ed25519", keys, signed, Convert.FromBase64String(signature["signature"])))
            {
                return host;
            }
        }

        return null;
    }
}
