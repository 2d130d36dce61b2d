using System.Collections.Concurrent;
using System.Net.Sockets;
using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;
using LicenseServer.Tests.Machines;

namespace LicenseServer.Tests.Operations;

/// <summary>
/// A few concurrent clients, each alternating an activation (a new machine with a fingerprint never used before) and an
/// anonymous validate-key, recording every outcome: the response, or the transport failure when none came back.
/// </summary>
public sealed class Traffic
{
    private readonly ConcurrentQueue<Outcome> _outcomes = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _clients = [];

    private Traffic()
    {
    }

    public enum Kind
    {
        Activation,
        Validation,
    }

    /// <summary>One request: what it was, when it was sent and answered, and the response (null when none came back).</summary>
    public sealed record Outcome(int Client, Kind Kind, string? Fingerprint, DateTime Sent, DateTime Done, ApiResponse? Response, Exception? Failure)
    {
        public bool Succeeded => Response is { Status: >= 200 and < 300 };

        /// <summary>No response, and the connection was refused: the server never saw the request.</summary>
        public bool Refused => Failure is HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } };

        /// <summary>Sent, but no response came back: the server may or may not have acted on it.</summary>
        public bool Unknown => Response is null && !Refused;

        public override string ToString() =>
            $"{Kind} {Fingerprint} {Sent:HH:mm:ss.fff}-{Done:HH:mm:ss.fff}: "
            + (Response is { } r ? $"{r.Status} {r.Body}" : Failure?.GetType().Name + " " + Failure?.Message);
    }

    public IReadOnlyList<Outcome> Outcomes => [.. _outcomes];

    /// <summary>
    /// Starts <paramref name="clients"/> clients against one license (which must allow unlimited machines); client <c>i</c>
    /// activates with <c>activator(i)</c>. Validations validate <paramref name="key"/> of <paramref name="keyAccount"/> (by default the
    /// same account).
    /// </summary>
    public static Traffic Start(Func<int, ApiClient> activator, Func<ApiClient> anonymous, TestAccount account, string licenseId, string key, int clients,
        TestAccount? keyAccount = null)
    {
        var traffic = new Traffic();
        for (var i = 0; i < clients; i++)
        {
            var client = i;
            traffic._clients.Add(Task.Run(() => traffic.RunClientAsync(client, activator, anonymous, account, licenseId, keyAccount ?? account, key)));
        }

        return traffic;
    }

    public int Count(Func<Outcome, bool> predicate) => _outcomes.Count(predicate);

    /// <summary>Polls until <paramref name="condition"/> holds; false after <paramref name="timeout"/>.</summary>
    public Task<bool> WaitUntilAsync(Func<Traffic, bool> condition, TimeSpan timeout) => Poll.UntilAsync(() => condition(this), timeout);

    /// <summary>Stops sending and waits for the requests in flight.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_clients);
    }

    private async Task RunClientAsync(int client, Func<int, ApiClient> activator, Func<ApiClient> anonymous, TestAccount account, string licenseId,
        TestAccount keyAccount, string key)
    {
        for (var n = 0; !_stop.IsCancellationRequested; n++)
        {
            var activation = n % 2 == 0;
            var fingerprint = activation ? $"c{client}-{n}-{Guid.NewGuid():N}" : null;
            var sent = DateTime.UtcNow;
            try
            {
                var response = activation
                    ? await activator(client).ActivateAsync(account, licenseId, fingerprint!)
                    : await anonymous().PostAsync(keyAccount.Path("licenses/actions/validate-key"), new { meta = new { key } });
                _outcomes.Enqueue(new Outcome(client, activation ? Kind.Activation : Kind.Validation, fingerprint, sent, DateTime.UtcNow, response, null));
                if (response.Status >= 300)
                {
                    // As a polite client would (without waiting the whole Retry-After, so the test sees the recovery soon).
                    await Task.Delay(20);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                _outcomes.Enqueue(new Outcome(client, activation ? Kind.Activation : Kind.Validation, fingerprint, sent, DateTime.UtcNow, null, e));
                await Task.Delay(50);
            }
        }
    }

    /// <summary>A license key on a new floating policy without a machine limit; (license id, key).</summary>
    public static async Task<(string Id, string Key)> CreateLicenseAsync(ApiClient admin, TestAccount account)
    {
        var product = await admin.PostAsync(account.Path("products"), new { data = new { type = "products", attributes = new { name = "App" } } });
        var productId = (string)product.Expect(201).Data!["id"]!;
        var policy = await admin.PostAsync(account.Path("policies"), LicensingSetup.PolicyBody(productId, new { name = "Policy", floating = true }));
        var policyId = (string)policy.Expect(201).Data!["id"]!;
        var license = await admin.PostAsync(account.Path("licenses"), LicensingSetup.LicenseBody(policyId));
        license.Expect(201);
        return ((string)license.Data!["id"]!, license.Attribute("key"));
    }
}
