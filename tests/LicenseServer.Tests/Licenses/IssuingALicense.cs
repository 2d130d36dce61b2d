using LicenseServer.Core.Errors;
using LicenseServer.Core.Licenses;
using LicenseServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Licenses;

/// <summary>License creation through <see cref="LicenseIssuer"/>: over HTTP, and called directly without a request.</summary>
public sealed class IssuingALicense(TestApp app)
{
    private Task<IssuedLicense> IssueAsync(TestAccount account, string policyId, string? key = null, Action<License>? apply = null) =>
        app.QueryAsync(async db =>
        {
            var issuer = new LicenseIssuer(db, (_, _) => "{}");
            return await issuer.IssueAsync(new LicenseOrder
            {
                Account = await db.Accounts.SingleAsync(a => a.Id == account.Id),
                Policy = await db.Policies.SingleAsync(p => p.Id == Guid.Parse(policyId)),
                Key = key,
                Apply = apply,
            }, CancellationToken.None);
        });

    [Fact]
    public async Task A_short_custom_key_and_a_bad_override_are_reported_together_key_first()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account, new { name = "Floating", floating = true });

        var response = await app.Admin(account).PostAsync(account.Path("licenses"),
            LicensingSetup.LicenseBody(policy, new { key = "short", maxCores = 0, maxDisk = 0 }));

        response.Expect(422);
        var errors = response.Json!["errors"]!.AsArray();
        Assert.Equal(
            [("KEY_TOO_SHORT", "/data/attributes/key"), ("MAX_CORES_INVALID", "/data/attributes/maxCores"), ("MAX_DISK_INVALID", "/data/attributes/maxDisk")],
            errors.Select(e => ((string)e!["code"]!, (string)e["source"]!["pointer"]!)).ToArray());
    }

    [Fact]
    public async Task The_issuer_creates_a_license_with_a_custom_key_and_its_event_without_a_request()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account, new { name = "Checked", requireCheckIn = true, checkInInterval = "day", checkInIntervalCount = 1 });

        var issued = await IssueAsync(account, policy, "CUSTOM-KEY-1");

        Assert.Equal("CUSTOM-KEY-1", issued.License.Key);
        Assert.Equal(issued.License.Created, issued.License.LastCheckIn);
        Assert.Null(issued.LegacyKey);
        var stored = await app.QueryAsync(db => db.Licenses.CountAsync(l => l.Id == issued.License.Id && l.KeyDigest == LicenseKeys.Digest("CUSTOM-KEY-1")));
        var events = await app.QueryAsync(db => db.Events.CountAsync(e => e.AccountId == account.Id && e.Name == "license.created"));
        Assert.Equal(1, stored);
        Assert.Equal(1, events);
    }

    [Fact]
    public async Task A_taken_key_is_refused_before_anything_is_written()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account, new { name = "Plain" });
        await IssueAsync(account, policy, "TAKEN-KEY-1");

        var error = await Assert.ThrowsAsync<DomainError>(() => IssueAsync(account, policy, "TAKEN-KEY-1", l => l.MaxCores = 0));

        Assert.Equal(["KEY_TAKEN", "MAX_CORES_INVALID"], error.Errors.Select(e => e.Code).ToArray());
        var licenses = await app.QueryAsync(db => db.Licenses.CountAsync(l => l.AccountId == account.Id));
        Assert.Equal(1, licenses);
    }

    [Fact]
    public async Task An_empty_pool_is_POLICY_POOL_EMPTY()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account, new { name = "Pooled", usePool = true });

        var error = await Assert.ThrowsAsync<DomainError>(() => IssueAsync(account, policy));

        Assert.Equal("POLICY_POOL_EMPTY", error.Errors[0].Code);
    }
}
