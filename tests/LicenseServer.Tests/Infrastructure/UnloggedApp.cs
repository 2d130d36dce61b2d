namespace LicenseServer.Tests.Infrastructure;

/// <summary>
/// A server of its own that does not log its requests: for tests that read counts over request logs (analytics), which
/// the logs of their own requests, written a moment later, would otherwise change between two reads.
/// </summary>
public sealed class UnloggedApp : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        App = await TestApp.StartAsync(new Dictionary<string, string?> { ["Logs:RequestLogs"] = "false" });

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
