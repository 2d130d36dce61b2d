namespace LicenseServer.Tests.Infrastructure;

/// <summary>Waiting for something to become true without guessing how long it takes.</summary>
public static class Poll
{
    /// <summary>Checks <paramref name="condition"/> every 50 ms until it holds (true) or <paramref name="timeout"/> passes (false).</summary>
    public static Task<bool> UntilAsync(Func<bool> condition, TimeSpan timeout) => UntilAsync(() => Task.FromResult(condition()), timeout);

    /// <summary>Checks <paramref name="condition"/> (e.g. a query) every 50 ms until it holds (true) or <paramref name="timeout"/> passes (false).</summary>
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        for (var until = DateTime.UtcNow + timeout; DateTime.UtcNow < until; await Task.Delay(50, TestContext.Current.CancellationToken))
        {
            if (await condition())
            {
                return true;
            }
        }

        return await condition();
    }
}
