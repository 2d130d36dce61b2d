using LicenseServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Licenses;

/// <summary>
/// Validation side effects (behaviour.md §1.7) are written by one background writer after the response: lastValidated
/// per license and one license.validation.* event per validation, none lost when the server stops.
/// </summary>
public sealed class RecordingValidations(TestApp app)
{
    [Fact]
    public async Task Every_validation_answered_before_a_graceful_stop_has_its_event_and_last_validated_afterwards()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account);
        var keys = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            keys.Add((await app.CreateLicenseAsync(account, policy)).Attribute("key"));
        }

        const int validations = 300;
        var node = await app.StartSecondNodeAsync();
        int answered;
        try
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, validations).Select(i => Task.Run(() =>
                node.Anonymous.PostAsync(account.Path("licenses/actions/validate-key"), new { meta = new { key = keys[i % keys.Count] } }))));
            answered = responses.Count(r => r.Status == 200 && (string?)r.Meta!["code"] == "VALID");
        }
        finally
        {
            // Stops the node at once: what its writer still holds must be written during the stop.
            await node.DisposeAsync();
        }

        Assert.Equal(validations, answered);
        var events = await app.QueryAsync(db => db.Events.CountAsync(e => e.AccountId == account.Id && e.Name == "license.validation.succeeded"));
        Assert.Equal(validations, events);
        var touched = await app.QueryAsync(db => db.Licenses.CountAsync(l => l.AccountId == account.Id && l.LastValidated != null));
        Assert.Equal(keys.Count, touched);
    }

    [Fact]
    public async Task Last_validated_ends_at_the_latest_validation_of_the_license()
    {
        var account = await app.CreateAccountAsync();
        var created = await app.CreateLicenseAsync(account, await app.CreatePolicyAsync(account));
        var id = Guid.Parse((string)created.Data!["id"]!);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() =>
            app.Anonymous.PostAsync(account.Path("licenses/actions/validate-key"), new { meta = new { key = created.Attribute("key") } }))));
        var latest = responses.Select(r => DateTime.Parse((string)r.Expect(200).Data!["attributes"]!["lastValidated"]!, null,
            System.Globalization.DateTimeStyles.AdjustToUniversal)).Max();

        var stored = await app.EventuallyAsync(db => db.Licenses.Where(l => l.Id == id && l.LastValidated >= latest.AddMilliseconds(-1))
            .Select(l => l.LastValidated).ToListAsync());
        Assert.Single(stored);
        Assert.Equal(latest, stored[0]!.Value, TimeSpan.FromMilliseconds(1));
        var events = await app.EventuallyAsync(db => db.Events.Where(e => e.AccountId == account.Id && e.Name == "license.validation.succeeded").ToListAsync(), atLeast: 20);
        Assert.Equal(20, events.Count);
    }
}
