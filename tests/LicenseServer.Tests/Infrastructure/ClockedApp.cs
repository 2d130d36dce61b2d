namespace LicenseServer.Tests.Infrastructure;

/// <summary>A server of its own whose clock tests move (heartbeats, reminder jobs); shared by one test class, whose tests run one by one.</summary>
public sealed class ClockedApp : IAsyncLifetime
{
    public TestClock Clock { get; } = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public TestApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync() => App = await TestApp.StartAsync(new Dictionary<string, string?>(), Clock);

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
