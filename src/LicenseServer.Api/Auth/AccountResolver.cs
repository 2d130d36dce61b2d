using LicenseServer.Api.Configuration;
using LicenseServer.Core.Accounts;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace LicenseServer.Api.Auth;

/// <summary>
/// Finds the account named in a route by id or slug (or the default account for prefix-less
/// routes). Accounts change rarely, so they are cached briefly; updates evict them. An account not in the cache is read
/// from the primary, or from a standby while the primary is down (README "Scale out").
/// </summary>
public sealed class AccountResolver(IMemoryCache cache, IOptions<ServerOptions> options, IDbContextFactory<LicenseServerDb> primary,
    ReplicaContexts replicas)
{
    /// <summary>The route segment used when a prefix-less route was rewritten.</summary>
    public const string DefaultSegment = "-";

    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    public async Task<Account> ResolveAsync(string segment, CancellationToken ct)
    {
        var key = "account:" + segment.ToLowerInvariant();
        if (cache.TryGetValue(key, out Account? cached) && cached is not null)
        {
            return cached;
        }

        Account? account;
        try
        {
            await using var db = await primary.CreateDbContextAsync(ct);
            account = await FindAsync(db, segment, ct);
        }
        catch (Exception e) when (replicas.Available && DatabaseOutage.Is(e))
        {
            await using var db = replicas.CreateDbContext();
            account = await FindAsync(db, segment, ct);
        }

        if (account is null)
        {
            throw new DomainError(ErrorKind.NotFound, $"The requested account '{segment}' was not found", "NOT_FOUND");
        }

        cache.Set(key, account, Lifetime);
        return account;
    }

    public void Evict(Account account)
    {
        cache.Remove("account:" + account.Id.ToString());
        cache.Remove("account:" + account.Id.ToString("N"));
        cache.Remove("account:" + account.Slug);
        cache.Remove("account:" + DefaultSegment);
    }

    private Task<Account?> FindAsync(LicenseServerDb db, string segment, CancellationToken ct) =>
        segment == DefaultSegment ? FindDefaultAsync(db, ct) : FindByIdOrSlugAsync(db, segment, ct);

    public static Task<Account?> FindByIdOrSlugAsync(LicenseServerDb db, string idOrSlug, CancellationToken ct)
    {
        if (Ids.TryParse(idOrSlug, out var id))
        {
            return db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        }

        var slug = idOrSlug.ToLowerInvariant();
        return db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Slug == slug, ct);
    }

    private async Task<Account?> FindDefaultAsync(LicenseServerDb db, CancellationToken ct)
    {
        var configured = options.Value.DefaultAccount;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return await FindByIdOrSlugAsync(db, configured.Trim(), ct);
        }

        var firstTwo = await db.Accounts.AsNoTracking().OrderBy(a => a.Created).Take(2).ToListAsync(ct);
        return firstTwo.Count == 1 ? firstTwo[0] : null;
    }
}
