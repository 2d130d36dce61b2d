namespace LicenseServer.Tests.Infrastructure;

/// <summary>A server of its own whose clock tests move (heartbeats, reminder jobs); shared by one test class, whose tests run one by one.</summary>
public class ClockedApp : IAsyncLifetime
{
    private readonly Dictionary<string, string?> _settings;

    public ClockedApp()
        : this([])
    {
    }

    /// <summary>A clocked server with <paramref name="settings"/> of its own.</summary>
    protected ClockedApp(Dictionary<string, string?> settings) => _settings = settings;

    public TestClock Clock { get; } = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public TestApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync() => App = await TestApp.StartAsync(_settings, Clock);

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
