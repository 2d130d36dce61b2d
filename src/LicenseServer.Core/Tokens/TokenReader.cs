using LicenseServer.Core.Environments;
using LicenseServer.Core.Products;
using LicenseServer.Core.Users;
using Npgsql;

namespace LicenseServer.Core.Tokens;

/// <summary>
/// Token authentication's read, in one prepared statement: the account's token with this digest and, for user and product
/// bearers, the bearer's row. License bearers are read with <see cref="Licenses.LicenseReader"/>.
/// </summary>
public sealed class TokenReader
{
    private readonly DataSources _sources;
    private readonly RowReader<Token> _tokens;
    private readonly RowReader<User> _users;
    private readonly RowReader<Product> _products;
    private readonly string _byDigest;

    public TokenReader(DataSources sources, IDbContextFactory<LicenseServerDb> contexts)
    {
        _sources = sources;
        using (var db = contexts.CreateDbContext())
        {
            _tokens = new RowReader<Token>(db.Model);
            _users = new RowReader<User>(db.Model);
            _products = new RowReader<Product>(db.Model);
        }

        _byDigest = $"""
            SELECT {_tokens.Columns("t")}, {_users.Columns("u")}, {_products.Columns("p")}
            FROM tokens t
            LEFT JOIN users u ON t.bearer_type = '{Bearer.UserType}' AND u.id = t.bearer_id AND u.account_id = t.account_id
            LEFT JOIN products p ON t.bearer_type = '{Bearer.ProductType}' AND p.id = t.bearer_id AND p.account_id = t.account_id
            WHERE t.account_id = $1 AND t.digest = $2 AND {EnvironmentView.Condition("t", 3)}
            LIMIT 1
            """;
    }

    /// <summary>
    /// The token with its user or product bearer (null when that row is gone); null when no token has this digest. Read
    /// where <paramref name="db"/> reads (<see cref="DataSources.ReadAsync"/>).
    /// </summary>
    public Task<Found?> FindAsync(LicenseServerDb db, Guid accountId, string digest, CancellationToken ct) =>
        _sources.ReadAsync(db, source => FindAsync(source, db, accountId, digest, ct));

    private async Task<Found?> FindAsync(NpgsqlDataSource source, LicenseServerDb db, Guid accountId, string digest, CancellationToken ct)
    {
        await using var command = source.CreateCommand(_byDigest);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = accountId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = digest });
        EnvironmentView.AddParameters(command, db);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        var token = _tokens.Read(reader);
        var userAt = _tokens.Width;
        var productAt = userAt + _users.Width;
        var user = reader.IsDBNull(userAt) ? null : _users.Read(reader, userAt);
        var product = reader.IsDBNull(productAt) ? null : _products.Read(reader, productAt);
        return new Found(token, user, product);
    }

    /// <summary>A token read for authentication, with its user or product bearer (null when that row is gone).</summary>
    public sealed record Found(Token Token, User? User, Product? Product);
}
