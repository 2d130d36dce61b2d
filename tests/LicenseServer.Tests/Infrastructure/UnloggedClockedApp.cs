namespace LicenseServer.Tests.Infrastructure;

/// <summary>
/// A <see cref="ClockedApp"/> that does not log its requests: for tests that insert request logs at known times and count
/// them, which the logs of their own requests (written a moment later, at the same stopped clock) would otherwise join.
/// </summary>
public sealed class UnloggedClockedApp() : ClockedApp(new Dictionary<string, string?> { ["Logs:RequestLogs"] = "false" });
