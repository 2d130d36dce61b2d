namespace LicenseServer.Core.Environments;

/// <summary>The answer to a relationship that names no record the request can use (enterprise.md §1.6, §2.2).</summary>
public static class RelatedRecords
{
    /// <summary>
    /// The error for a relationship whose record <paramref name="id"/> was not found in the current view: 422
    /// <c>ENVIRONMENT_NOT_ALLOWED</c> "must be compatible with <paramref name="relationship"/> environment" when the account
    /// has it in an environment the current one cannot reference, else <paramref name="notFound"/> (the record is not there,
    /// or not the bearer's). Costs one query, on this failure path only.
    /// </summary>
    public static async Task<DomainError> MissingAsync<T>(LicenseServerDb db, IQueryable<T> set, Guid accountId, Guid? id, string relationship,
        DomainError notFound, CancellationToken ct)
        where T : AccountEntity, IEnvironmentScoped
    {
        if (!db.EnvironmentScoped || id is not { } recordId)
        {
            return notFound;
        }

        var current = db.CurrentEnvironmentId;
        var includesGlobal = db.IncludesGlobal;
        var elsewhere = await set.IgnoreQueryFilters().AnyAsync(
            r => r.AccountId == accountId && r.Id == recordId && !(r.EnvironmentId == current || (includesGlobal && r.EnvironmentId == null)), ct);
        return elsewhere ? NotAllowed(relationship) : notFound;
    }

    /// <summary>
    /// For a to-many linkage: null when every id of <paramref name="ids"/> is in <paramref name="found"/>, else the error of
    /// <see cref="MissingAsync"/> for the first that is not.
    /// </summary>
    public static async Task<DomainError?> FirstMissingAsync<T>(LicenseServerDb db, IQueryable<T> set, Guid accountId, List<Guid> ids,
        List<Guid> found, string relationship, DomainError notFound, CancellationToken ct)
        where T : AccountEntity, IEnvironmentScoped
    {
        var index = ids.FindIndex(id => !found.Contains(id));
        return index < 0 ? null : await MissingAsync(db, set, accountId, ids[index], relationship, notFound, ct);
    }

    /// <summary>422 <c>ENVIRONMENT_NOT_ALLOWED</c> for a related record of an incompatible environment (§2.2).</summary>
    public static DomainError NotAllowed(string relationship) =>
        DomainError.Invalid("/data/relationships/environment", "ENVIRONMENT_NOT_ALLOWED", $"must be compatible with {relationship} environment");
}
