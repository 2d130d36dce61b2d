using System.Collections.Concurrent;
using LicenseServer.Api.Configuration;
using Microsoft.Extensions.Options;

namespace LicenseServer.Api.Replicas;

/// <summary>
/// The accounts this node has changed within the read-your-writes window (<see cref="ReplicaOptions.ReadYourWritesSeconds"/>):
/// their reads go to the primary until it has passed. One entry per account written, dropped once stale.
/// </summary>
public sealed class RecentWrites(IOptions<ReplicaOptions> options)
{
    /// <summary>Entries kept before the stale ones are swept.</summary>
    private const int SweepAbove = 10_000;

    private readonly long _window = (long)(options.Value.ReadYourWritesSeconds * 1000);
    private readonly ConcurrentDictionary<Guid, long> _writtenAt = new();

    /// <summary>Notes a change to the account (at the start of a request that may write, and again at its end).</summary>
    public void Mark(Guid accountId)
    {
        if (_window <= 0)
        {
            return;
        }

        var now = Environment.TickCount64;
        _writtenAt[accountId] = now;
        if (_writtenAt.Count > SweepAbove)
        {
            foreach (var (id, at) in _writtenAt)
            {
                if (now - at > _window)
                {
                    _writtenAt.TryRemove(id, out _);
                }
            }
        }
    }

    /// <summary>True while the account's last change on this node is within the window.</summary>
    public bool Within(Guid accountId) =>
        _window > 0 && _writtenAt.TryGetValue(accountId, out var at) && Environment.TickCount64 - at <= _window;
}
