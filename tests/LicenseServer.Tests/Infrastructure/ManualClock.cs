namespace LicenseServer.Tests.Infrastructure;

/// <summary>A clock that stands still until a test moves it.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; private set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Set(DateTimeOffset now) => Now = now;

    public void Advance(TimeSpan by) => Now += by;
}
