using System.Linq.Expressions;

namespace LicenseServer.Core.Data;

/// <summary>
/// The one shape of "find a record inside the caller's scope": by UUID, or (when the resource has one) by an
/// alternate key such as a code, the oldest match first; 404 when nothing in the scope matches. Each resource's
/// <c>…Queries.FindAsync</c> passes its account- and bearer-scoped query here.
/// </summary>
public static class Lookup
{
    /// <summary>
    /// The record of <paramref name="scoped"/> whose id is <paramref name="id"/>, or, when <paramref name="byKey"/> is
    /// given and <paramref name="id"/> is not a UUID, the oldest record matching it. 404 <paramref name="noun"/> otherwise.
    /// Untracked unless <paramref name="track"/>.
    /// </summary>
    public static async Task<T> FindAsync<T>(IQueryable<T> scoped, string noun, string id, CancellationToken ct, bool track = false,
        Expression<Func<T, bool>>? byKey = null)
        where T : AccountEntity
    {
        var query = track ? scoped : scoped.AsNoTracking();
        T? found;
        if (Ids.TryParse(id, out var uuid))
        {
            found = await query.FirstOrDefaultAsync(e => e.Id == uuid, ct);
        }
        else
        {
            found = byKey is null ? null : await query.Where(byKey).OrderBy(e => e.Created).FirstOrDefaultAsync(ct);
        }

        return found ?? throw DomainError.NotFound(noun, id);
    }
}
