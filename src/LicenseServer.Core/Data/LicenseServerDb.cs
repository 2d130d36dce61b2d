using LicenseServer.Core.Accounts;
using LicenseServer.Core.Common;
using LicenseServer.Core.Events;
using LicenseServer.Core.Keys;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Machines;
using LicenseServer.Core.Policies;
using LicenseServer.Core.Products;
using LicenseServer.Core.Tokens;
using LicenseServer.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Core.Data;

public sealed class LicenseServerDb(DbContextOptions<LicenseServerDb> options, TimeProvider clock) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<User> Users => Set<User>();

    public DbSet<Token> Tokens => Set<Token>();

    public DbSet<Product> Products => Set<Product>();

    public DbSet<Event> Events => Set<Event>();

    public DbSet<Policy> Policies => Set<Policy>();

    public DbSet<Key> Keys => Set<Key>();

    public DbSet<License> Licenses => Set<License>();

    public DbSet<LicenseUser> LicenseUsers => Set<LicenseUser>();

    public DbSet<Machine> Machines => Set<Machine>();

    public DbSet<Component> Components => Set<Component>();

    public DbSet<MachineProcess> Processes => Set<MachineProcess>();

    public TimeProvider Clock => clock;

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(LicenseServerDb).Assembly);

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampTimes();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampTimes();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <summary>Created and Updated come from the injected clock, truncated to the microsecond PostgreSQL keeps.</summary>
    private void StampTimes()
    {
        var now = Now();
        foreach (var entry in ChangeTracker.Entries())
        {
            switch (entry.Entity)
            {
                case AccountEntity e when entry.State == EntityState.Added:
                    e.Created = e.Created == default ? now : e.Created;
                    e.Updated = now;
                    break;
                case AccountEntity e when entry.State == EntityState.Modified:
                    e.Updated = now;
                    break;
                case Account a when entry.State == EntityState.Added:
                    a.Created = now;
                    a.Updated = now;
                    break;
                case Account a when entry.State == EntityState.Modified:
                    a.Updated = now;
                    break;
            }
        }
    }

    public DateTime Now()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks - (now.Ticks % 10), DateTimeKind.Utc);
    }
}
