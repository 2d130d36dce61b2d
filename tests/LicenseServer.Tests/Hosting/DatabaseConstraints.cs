using LicenseServer.Core.Data;
using LicenseServer.Core.Entitlements;
using LicenseServer.Core.Errors;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Products;
using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;
using LicenseServer.Tests.Machines;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LicenseServer.Tests.Hosting;

/// <summary>
/// The database itself refuses what must never be stored, whatever the code above it does: counters and limits
/// below zero, codes that differ only in case; and what it says is read back as the client error (DbErrors).
/// </summary>
public sealed class DatabaseConstraints(TestApp app)
{
    private static readonly string[] NonNegative =
    [
        "licenses.uses", "licenses.max_machines", "licenses.max_processes", "licenses.max_users", "licenses.max_cores",
        "licenses.max_memory", "licenses.max_disk", "licenses.max_uses",
        "policies.max_machines", "policies.max_processes", "policies.max_users", "policies.max_cores", "policies.max_memory",
        "policies.max_disk", "policies.max_uses",
        "tokens.activations", "tokens.deactivations", "tokens.max_activations", "tokens.max_deactivations",
        "groups.max_users", "groups.max_licenses", "groups.max_machines",
        "machines.cores", "machines.memory", "machines.disk",
        "webhook_events.attempts", "artifacts.filesize",
    ];

    [Fact]
    public async Task Every_counter_and_limit_has_a_non_negative_check()
    {
        var names = await app.QueryAsync(db => db.Database
            .SqlQueryRaw<string>("SELECT conname::text AS \"Value\" FROM pg_constraint WHERE contype = 'c' AND conname LIKE 'ck\\_%\\_non\\_negative'")
            .ToListAsync());

        Assert.Equal(NonNegative.Select(c => $"ck_{c.Replace('.', '_')}_non_negative").Order(), names.Order());
    }

    public static TheoryData<string, string, string> Negatives => new()
    {
        { "licenses", "uses", "/data/attributes/uses" },
        { "licenses", "max_users", "/data/attributes/maxUsers" },
        { "policies", "max_machines", "/data/attributes/maxMachines" },
        { "tokens", "activations", "/data/attributes/activations" },
        { "groups", "max_licenses", "/data/attributes/maxLicenses" },
        { "machines", "cores", "/data/attributes/cores" },
    };

    [Theory]
    [MemberData(nameof(Negatives))]
    public async Task A_negative_counter_or_limit_written_directly_is_refused_and_read_as_invalid(string table, string column, string pointer)
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseOnAsync(account, new() { ["floating"] = true, ["maxMachines"] = 2 });
        await app.Admin(account).ActivateAsync(account, license, "fp-1", new { fingerprint = "fp-1", cores = 2 });
        (await app.Admin(account).PostAsync(account.Path("groups"), new { data = new { type = "groups", attributes = new { name = "Team" } } })).Expect(201);

        var sql = "UPDATE " + table + " SET " + column + " = -1 WHERE account_id = {0}";
        var error = await Assert.ThrowsAsync<PostgresException>(() => app.QueryAsync(db => db.Database.ExecuteSqlRawAsync(sql, account.Id)));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
        Assert.Equal($"ck_{table}_{column}_non_negative", error.ConstraintName);
        var answer = DbErrors.Translate(error, _ => null);
        Assert.Equal(ErrorKind.UnprocessableResource, answer?.Kind);
        Assert.Equal($"{column.ToUpperInvariant()}_INVALID", answer!.Errors[0].Code);
        Assert.Equal(pointer, answer.Errors[0].Source?.Pointer);
    }

    [Fact]
    public async Task Product_and_entitlement_codes_differing_only_in_case_are_refused()
    {
        var account = await app.CreateAccountAsync();

        var product = await Assert.ThrowsAsync<DbUpdateException>(() => app.QueryAsync(async db =>
        {
            db.Products.Add(new Product { AccountId = account.Id, Name = "A", Code = "Studio" });
            db.Products.Add(new Product { AccountId = account.Id, Name = "B", Code = "studio" });
            return await db.SaveChangesAsync();
        }));
        var entitlement = await Assert.ThrowsAsync<DbUpdateException>(() => app.QueryAsync(async db =>
        {
            db.Entitlements.Add(new Entitlement { AccountId = account.Id, Name = "A", Code = "EXPORT" });
            db.Entitlements.Add(new Entitlement { AccountId = account.Id, Name = "B", Code = "export" });
            return await db.SaveChangesAsync();
        }));

        Assert.Equal("ix_products_account_id_lower_code", DbErrors.PostgresErrorOf(product)?.ConstraintName);
        Assert.Equal("ix_entitlements_account_id_lower_code", DbErrors.PostgresErrorOf(entitlement)?.ConstraintName);
        Assert.Equal("CODE_TAKEN", DbErrors.Translate(product, _ => null)?.Errors[0].Code);
        Assert.Equal("CODE_TAKEN", DbErrors.Translate(entitlement, _ => null)?.Errors[0].Code);
    }

    [Fact]
    public async Task A_row_whose_parent_was_deleted_meanwhile_reads_as_not_found()
    {
        var account = await app.CreateAccountAsync();
        var license = Guid.Parse(await app.CreateLicenseOnAsync(account));
        var (user, _) = await app.CreateUserAsync(account);

        async Task<DomainError?> AttachAsync(Guid licenseId, Guid userId)
        {
            var error = await Assert.ThrowsAsync<DbUpdateException>(() => app.QueryAsync(async db =>
            {
                db.LicenseUsers.Add(new LicenseUser { AccountId = account.Id, LicenseId = licenseId, UserId = userId });
                return await db.SaveChangesAsync();
            }));
            return DbErrors.Translate(error, name => name == "id" ? "the-license" : null);
        }

        var goneUser = await AttachAsync(license, Guid.NewGuid());
        var goneLicense = await AttachAsync(Guid.NewGuid(), Guid.Parse(user));

        Assert.Equal(("USER_NOT_FOUND", "/data/relationships/users"), (goneUser?.Errors[0].Code, goneUser?.Errors[0].Source?.Pointer));
        Assert.Equal(ErrorKind.NotFound, goneLicense?.Kind);
        Assert.Equal("The requested license 'the-license' was not found", goneLicense?.Errors[0].Detail);
    }
}
