using LicenseServer.Core.Data;
using LicenseServer.Core.Events;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Api.Licenses;

/// <summary>
/// The side effects of a validation (behaviour.md §1.7), written after the response is sent so they never
/// slow it down: <c>lastValidated</c> (skipped when another request holds the row, never waited for), the first-validation
/// expiry, and the <c>license.validation.*</c> event, all in one transaction.
/// </summary>
public sealed class ValidationRecorder(IServiceScopeFactory scopes, ILogger<ValidationRecorder> logger)
{
    public sealed record Pending(Guid AccountId, Guid LicenseId, DateTime Now, DateTime? FirstExpiry, string? EventName, string? Payload, string? Meta);

    public void Schedule(HttpContext http, Pending pending) =>
        http.Response.OnCompleted(() => WriteAsync(pending));

    public async Task WriteAsync(Pending pending)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LicenseServerDb>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlAsync($"""
                UPDATE licenses SET last_validated = {pending.Now}
                WHERE id = (SELECT id FROM licenses WHERE id = {pending.LicenseId} FOR UPDATE SKIP LOCKED)
                """);
            if (pending.FirstExpiry is { } expiry)
            {
                await db.Database.ExecuteSqlAsync($"""
                    UPDATE licenses SET expiry = {expiry}
                    WHERE id = (SELECT id FROM licenses WHERE id = {pending.LicenseId} AND expiry IS NULL FOR UPDATE SKIP LOCKED)
                    """);
            }

            if (pending is { EventName: { } name, Payload: { } payload })
            {
                EventRecorder.Record(db, pending.AccountId, name, "licenses", pending.LicenseId, payload, pending.Meta);
                await db.SaveChangesAsync();
            }

            await transaction.CommitAsync();
        }
        catch (Exception e) when (e is DbUpdateException or Npgsql.NpgsqlException or InvalidOperationException or ObjectDisposedException)
        {
            // The response is already sent; a lost lastValidated touch is harmless, so log and move on.
            logger.LogWarning(e, "Could not record the validation of license {LicenseId}", pending.LicenseId);
        }
    }

}
