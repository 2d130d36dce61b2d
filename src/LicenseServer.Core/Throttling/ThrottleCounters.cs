using System.Security.Cryptography;
using System.Text;

namespace LicenseServer.Core.Throttling;

/// <summary>
/// Fixed-window counters shared by every node through the database (the UNLOGGED table <c>throttle_counters</c>):
/// one atomic upsert per counted request. Buckets are keyed by a SHA-256 digest, so the table never holds an
/// e-mail address or a client address in the clear.
/// </summary>
public static class ThrottleCounters
{
    /// <summary>Counts one more request in the bucket's current window and answers the count so far (1 for the first).</summary>
    public static async Task<int> HitAsync(LicenseServerDb db, byte[] bucket, DateTime windowStart, CancellationToken ct)
    {
        var counts = await db.Database.SqlQuery<int>($"""
            INSERT INTO throttle_counters (bucket, window_start, count) VALUES ({bucket}, {windowStart}, 1)
            ON CONFLICT (bucket, window_start) DO UPDATE SET count = throttle_counters.count + 1
            RETURNING count AS "Value"
            """).ToListAsync(ct);
        return counts[0];
    }

    /// <summary>The digest that names a bucket: the parts joined with a separator no part contains.</summary>
    public static byte[] Bucket(params string[] parts) => SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)));

    /// <summary>The start of the fixed window of length <paramref name="window"/> that holds <paramref name="now"/> (windows start at the Unix epoch).</summary>
    public static DateTimeOffset WindowStart(DateTimeOffset now, TimeSpan window) =>
        DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds() - (now.ToUnixTimeMilliseconds() % (long)window.TotalMilliseconds));
}
