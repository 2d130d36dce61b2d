using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;

namespace LicenseServer.Tests.Machines;

/// <summary>Intent methods for machine tests: a license on a policy with given attributes, and activations.</summary>
public static class MachineSetup
{
    public static object MachineBody(string licenseId, object attributes) => new
    {
        data = new
        {
            type = "machines",
            attributes,
            relationships = new { license = new { data = new { type = "licenses", id = licenseId } } },
        },
    };

    /// <summary>A license (id) on a new policy with the given policy attributes (name added).</summary>
    public static async Task<string> CreateLicenseOnAsync(this TestApp app, TestAccount account, Dictionary<string, object?>? policy = null,
        object? licenseAttributes = null)
    {
        var attributes = new Dictionary<string, object?>(policy ?? []) { ["name"] = "Policy" };
        var policyId = await app.CreatePolicyAsync(account, attributes);
        var license = await app.CreateLicenseAsync(account, policyId, licenseAttributes);
        return (string)license.Data!["id"]!;
    }

    public static Task<ApiResponse> ActivateAsync(this ApiClient client, TestAccount account, string licenseId, string fingerprint, object? attributes = null) =>
        client.PostAsync(account.Path("machines"), MachineBody(licenseId, attributes ?? new { fingerprint }));

    public static async Task<string> CreateMachineAsync(this TestApp app, TestAccount account, string licenseId, string? fingerprint = null)
    {
        var response = await app.Admin(account).ActivateAsync(account, licenseId, fingerprint ?? Guid.NewGuid().ToString("N"));
        return (string)response.Expect(201).Data!["id"]!;
    }
}
