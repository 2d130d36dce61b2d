using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Hangfire.Dashboard;
using LicenseServer.Core.Users;
using Microsoft.Extensions.Caching.Memory;

namespace LicenseServer.Api.Jobs;

/// <summary>
/// The Hangfire dashboard is for admins: it needs the token of an admin user of any account, sent as
/// <c>Authorization: Bearer &lt;token&gt;</c> or as the password of HTTP Basic (so a browser can prompt for it).
/// </summary>
public sealed class DashboardAuthorization : IDashboardAsyncAuthorizationFilter
{
    private static readonly TimeSpan Remember = TimeSpan.FromMinutes(1);

    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var http = context.GetHttpContext();
        var token = TokenOf(http.Request);
        if (token is not null && await IsAdminTokenAsync(http.RequestServices, token, http.RequestAborted))
        {
            return true;
        }

        http.Response.Headers.WWWAuthenticate = "Basic realm=\"hangfire\"";
        return false;
    }

    private static string? TokenOf(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header) || string.IsNullOrEmpty(header.Parameter))
        {
            return null;
        }

        if (header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return header.Parameter;
        }

        if (!header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            var colon = pair.IndexOf(':');
            return colon < 0 ? null : pair[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether the token is an admin's, asked of the database on every request, so a token revoked, regenerated or demoted
    /// through any node stops opening the dashboard at once.
    /// </summary>
    private static async Task<bool> IsAdminTokenAsync(IServiceProvider services, string token, CancellationToken ct)
    {
        var db = services.GetRequiredService<LicenseServerDb>();
        if (await StoredAsAsync(services.GetRequiredService<IMemoryCache>(), db, token, ct) is not { } stored)
        {
            return false;
        }

        var now = db.Now();
        return await db.Tokens.AsNoTracking()
            .Where(t => t.AccountId == stored.AccountId && t.Digest == stored.Digest && t.BearerType == Bearer.UserType && (t.Expiry == null || t.Expiry > now))
            .Join(db.Users, t => t.BearerId, u => u.Id, (t, u) => new { t.AccountId, UserAccount = u.AccountId, u.Role, u.BannedAt })
            .AnyAsync(x => x.AccountId == x.UserAccount && x.Role == Roles.Admin && x.BannedAt == null, ct);
    }

    /// <summary>
    /// The account and digest a token is stored under (null: none). Token digests are keyed per account, so finding it takes a
    /// digest per account: that answer is remembered briefly. It never grants anything by itself: a token revoked since simply
    /// no longer matches.
    /// </summary>
    private static async Task<(Guid AccountId, string Digest)?> StoredAsAsync(IMemoryCache cache, LicenseServerDb db, string token, CancellationToken ct)
    {
        var key = "hangfire-dashboard:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        if (cache.TryGetValue(key, out (Guid AccountId, string Digest)? known))
        {
            return known;
        }

        var secrets = await db.Accounts.AsNoTracking().Select(a => new { a.Id, a.Secret }).ToListAsync(ct);
        var digests = secrets.Select(a => Secrets.Digest(a.Secret, token)).ToList();
        var stored = await db.Tokens.AsNoTracking().Where(t => digests.Contains(t.Digest))
            .Select(t => new { t.AccountId, t.Digest }).FirstOrDefaultAsync(ct);
        (Guid AccountId, string Digest)? found = stored is null ? null : (stored.AccountId, stored.Digest);
        cache.Set(key, found, Remember);
        return found;
    }
}
