using LicenseServer.Core.Users;

namespace LicenseServer.Core.Tokens;

/// <summary>Loads the <see cref="Token.Holder"/> of tokens about to be rendered: one query per bearer type, never one per token.</summary>
public static class TokenHolders
{
    public static async Task LoadAsync(LicenseServerDb db, IReadOnlyCollection<Token> tokens, CancellationToken ct)
    {
        var missing = tokens.Where(t => t.Holder is null).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var holders = new Dictionary<Guid, TokenHolder>();
        var users = IdsOf(missing, Bearer.UserType);
        if (users.Count > 0)
        {
            foreach (var u in await db.Users.AsNoTracking().Where(u => users.Contains(u.Id)).Select(u => new { u.Id, u.Role, u.Permissions }).ToListAsync(ct))
            {
                holders[u.Id] = new TokenHolder(u.Role, u.Permissions);
            }
        }

        var products = IdsOf(missing, Bearer.ProductType);
        if (products.Count > 0)
        {
            foreach (var p in await db.Products.AsNoTracking().Where(p => products.Contains(p.Id)).Select(p => new { p.Id, p.Permissions }).ToListAsync(ct))
            {
                holders[p.Id] = new TokenHolder("product", p.Permissions);
            }
        }

        var licenses = IdsOf(missing, Bearer.LicenseType);
        if (licenses.Count > 0)
        {
            foreach (var l in await db.Licenses.AsNoTracking().Where(l => licenses.Contains(l.Id)).Select(l => new { l.Id, l.Permissions }).ToListAsync(ct))
            {
                holders[l.Id] = new TokenHolder("license", l.Permissions);
            }
        }

        foreach (var token in missing.Where(t => t.BearerType == Bearer.EnvironmentType))
        {
            // Environments hold a fixed set (enterprise.md §9.2).
            token.Holder = new TokenHolder(Bearer.EnvironmentRole, null);
        }

        foreach (var token in missing.Where(t => t.Holder is null))
        {
            // A bearer deleted since holds nothing.
            token.Holder = holders.GetValueOrDefault(token.BearerId) ?? new TokenHolder(Roles.User, []);
        }
    }

    public static Task LoadAsync(LicenseServerDb db, Token token, CancellationToken ct) => LoadAsync(db, [token], ct);

    private static List<Guid> IdsOf(List<Token> tokens, string type) =>
        tokens.Where(t => t.BearerType == type).Select(t => t.BearerId).Distinct().ToList();
}
