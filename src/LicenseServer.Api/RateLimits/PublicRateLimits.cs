using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;

namespace LicenseServer.Api.RateLimits;

/// <summary>
/// The operator's optional per-address and per-account limits on the public routes (<see cref="PublicRateLimited"/>),
/// counted in this process only: with N nodes behind a balancer a client gets up to N times the limit.
/// Off unless configured; then the account-scope middleware calls <see cref="Enforce"/> once per public request.
/// </summary>
public sealed class PublicRateLimits(IOptions<RateLimitOptions> options, TimeProvider clock)
{
    private readonly FixedWindowCounters<IPAddress>? _perIp = options.Value.PerIp is { IsOn: true } ip ? new(ip) : null;
    private readonly FixedWindowCounters<Guid>? _perAccount = options.Value.PerAccount is { IsOn: true } account ? new(account) : null;

    public bool Enabled => _perIp is not null || _perAccount is not null;

    public void Enforce(HttpContext http, Guid accountId)
    {
        var now = clock.GetUtcNow();
        RateLimitState? state = null;
        if (_perIp is not null)
        {
            state = RateLimitState.Tighter(state, _perIp.Hit(ClientAddress.Of(http), now));
        }

        if (_perAccount is not null)
        {
            state = RateLimitState.Tighter(state, _perAccount.Hit(accountId, now));
        }

        state?.Enforce(http, now);
    }

    /// <summary>
    /// Fixed windows aligned on the Unix epoch, one small counter per key; keys idle for a whole window are dropped
    /// once per window, so memory follows the number of clients seen in the last window.
    /// </summary>
    private sealed class FixedWindowCounters<TKey>(WindowLimit limit)
        where TKey : notnull
    {
        private readonly ConcurrentDictionary<TKey, Counter> _counters = new();
        private readonly TimeSpan _window = limit.Window;
        private long _sweptWindow;

        public RateLimitState Hit(TKey key, DateTimeOffset now)
        {
            var start = Core.Throttling.ThrottleCounters.WindowStart(now, _window);
            var startTicks = start.UtcTicks;
            var counter = _counters.GetOrAdd(key, static _ => new Counter());
            int count;
            lock (counter)
            {
                if (counter.WindowStart != startTicks)
                {
                    counter.WindowStart = startTicks;
                    counter.Count = 0;
                }

                count = ++counter.Count;
            }

            var swept = Volatile.Read(ref _sweptWindow);
            if (swept != startTicks && Interlocked.CompareExchange(ref _sweptWindow, startTicks, swept) == swept)
            {
                Sweep(startTicks);
            }

            return new RateLimitState(limit.Limit, _window, count, start);
        }

        private void Sweep(long currentStart)
        {
            foreach (var entry in _counters)
            {
                if (Volatile.Read(ref entry.Value.WindowStart) < currentStart)
                {
                    _counters.TryRemove(entry);
                }
            }
        }

        private sealed class Counter
        {
            public long WindowStart;
            public int Count;
        }
    }
}

/// <summary>Endpoint metadata: a public route the operator's <c>RateLimits:PerIp</c> / <c>PerAccount</c> limits cover.</summary>
public sealed class PublicRateLimited
{
    public static readonly PublicRateLimited Instance = new();
}
