using LicenseServer.Core.Accounts;
using LicenseServer.Core.Distribution;
using LicenseServer.Core.Entitlements;
using LicenseServer.Core.Environments;
using LicenseServer.Core.Events;
using LicenseServer.Core.Groups;
using LicenseServer.Core.Keys;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Machines;
using LicenseServer.Core.Policies;
using LicenseServer.Core.Products;
using LicenseServer.Core.RequestLogs;
using LicenseServer.Core.Tokens;
using LicenseServer.Core.Users;
using LicenseServer.Core.Webhooks;

namespace LicenseServer.Core.Data;

/// <summary>
/// The EF Core model. Contexts are pooled (<see cref="DatabaseSetup.AddDatabase"/>): each one rented is bound to its
/// request's clock and webhook queue with <see cref="Bind"/>, which also clears what the previous lease left.
/// </summary>
public sealed class LicenseServerDb(DbContextOptions<LicenseServerDb> options) : DbContext(options)
{
    private readonly HashSet<Event> _fannedOut = [];
    private readonly List<Guid> _undispatched = [];
    private readonly List<Event> _unrendered = [];
    private TimeProvider _clock = TimeProvider.System;
    private IWebhookQueue? _webhooks;

    /// <summary>
    /// Binds a rented context to the clock and queue of the scope that uses it, the server keys and the password
    /// hashing settings, and says whether it was rented from the reads pool (<see cref="OnReplica"/>).
    /// </summary>
    public LicenseServerDb Bind(TimeProvider clock, IWebhookQueue? webhooks, ServerKeyRing? serverKeys = null, PasswordHashing? passwords = null,
        bool onReplica = false)
    {
        OnReplica = onReplica;
        _clock = clock;
        _webhooks = webhooks;
        ServerKeys = serverKeys;
        Passwords = passwords ?? PasswordHashing.Default;
        _fannedOut.Clear();
        _undispatched.Clear();
        _unrendered.Clear();
        EnvironmentScoped = false;
        CurrentEnvironmentId = null;
        IncludesGlobal = true;
        Origin = null;
        return this;
    }

    /// <summary>
    /// Limits every query to what the request's environment sees (enterprise.md §2.3) and puts the rows it adds in that
    /// environment: <paramref name="environmentId"/> null is the global environment (global rows only); an ISOLATED
    /// environment sees its own rows; a SHARED one (<paramref name="shared"/>) its own and the global ones. A context that
    /// is never limited (background jobs) sees every environment.
    /// </summary>
    public void UseEnvironment(Guid? environmentId, bool shared)
    {
        EnvironmentScoped = true;
        CurrentEnvironmentId = environmentId;
        IncludesGlobal = environmentId is null || shared;
    }

    /// <summary>Whether queries are limited to an environment's view (<see cref="UseEnvironment"/>).</summary>
    public bool EnvironmentScoped { get; private set; }

    /// <summary>The current environment, null for the global one.</summary>
    public Guid? CurrentEnvironmentId { get; private set; }

    /// <summary>Whether the current view includes global rows: the global and SHARED environments.</summary>
    public bool IncludesGlobal { get; private set; } = true;

    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<User> Users => Set<User>();

    public DbSet<Token> Tokens => Set<Token>();

    public DbSet<SecondFactor> SecondFactors => Set<SecondFactor>();

    public DbSet<Product> Products => Set<Product>();

    public DbSet<Event> Events => Set<Event>();

    public DbSet<Policy> Policies => Set<Policy>();

    public DbSet<Entitlement> Entitlements => Set<Entitlement>();

    public DbSet<Group> Groups => Set<Group>();

    public DbSet<GroupOwner> GroupOwners => Set<GroupOwner>();
    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();

    public DbSet<WebhookEvent> WebhookEvents => Set<WebhookEvent>();

    public DbSet<RequestLog> RequestLogs => Set<RequestLog>();

    public DbSet<AccountSetting> AccountSettings => Set<AccountSetting>();

    public DbSet<Environments.Environment> Environments => Set<Environments.Environment>();
    public DbSet<Key> Keys => Set<Key>();

    public DbSet<License> Licenses => Set<License>();

    public DbSet<LicenseUser> LicenseUsers => Set<LicenseUser>();

    public DbSet<LicenseEntitlement> LicenseEntitlements => Set<LicenseEntitlement>();

    public DbSet<PolicyEntitlement> PolicyEntitlements => Set<PolicyEntitlement>();

    public DbSet<Machine> Machines => Set<Machine>();

    public DbSet<Component> Components => Set<Component>();

    public DbSet<MachineProcess> Processes => Set<MachineProcess>();

    public DbSet<Release> Releases => Set<Release>();

    public DbSet<ReleaseConstraint> ReleaseConstraints => Set<ReleaseConstraint>();

    public DbSet<Artifact> Artifacts => Set<Artifact>();

    public DbSet<Package> Packages => Set<Package>();

    public DbSet<DistributionKey> DistributionKeys => Set<DistributionKey>();

    public TimeProvider Clock => _clock;

    /// <summary>
    /// The request this context serves, for the event logs (<see cref="EventOrigin"/>): set after authentication, cleared
    /// when the context goes back to the pool; null in jobs.
    /// </summary>
    public EventOrigin? Origin { get; set; }

    /// <summary>
    /// True for a context of the reads pool (<see cref="DataSources.Reads"/>): a standby, read-only. Only requests that read
    /// are given one (README "Scale out").
    /// </summary>
    public bool OnReplica { get; private set; }

    /// <summary>How passwords set through this context are hashed (the host's work factor).</summary>
    public PasswordHashing Passwords { get; private set; } = PasswordHashing.Default;

    /// <summary>Seal the private keys of new accounts and open those read (<see cref="AccountKeySealing"/>).</summary>
    public ServerKeyRing? ServerKeys { get; private set; }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(LicenseServerDb).Assembly);
        var filter = typeof(LicenseServerDb).GetMethod(nameof(FilterByEnvironment), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        foreach (var type in modelBuilder.Model.GetEntityTypes().Where(t => typeof(IEnvironmentScoped).IsAssignableFrom(t.ClrType)).ToList())
        {
            filter.MakeGenericMethod(type.ClrType).Invoke(this, [modelBuilder]);
        }
    }

    /// <summary>The one place environments limit reads: a query filter on every environment-scoped table.</summary>
    private void FilterByEnvironment<T>(ModelBuilder modelBuilder)
        where T : class, IEnvironmentScoped =>
        modelBuilder.Entity<T>().HasQueryFilter(e =>
            !EnvironmentScoped || e.EnvironmentId == CurrentEnvironmentId || (IncludesGlobal && e.EnvironmentId == null));

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampTimes();
        await EventLogMetadata.AddAsync(this, cancellationToken);
        RenderEvents();
        await WebhookFanOut.AddAsync(this, _fannedOut, cancellationToken);
        SealNewAccounts();
        var queued = QueuedDeliveries();
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        AfterSave(queued);
        return saved;
    }

    /// <summary>
    /// Nothing saves synchronously: the stamps, event rendering, fan-out and sealing run in <see cref="SaveChangesAsync(bool, CancellationToken)"/>
    /// only, so a synchronous save would skip them; it fails loudly instead.
    /// </summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync: it stamps times, renders events, fans them out to webhooks and seals keys.");

    private List<Guid> QueuedDeliveries() =>
        ChangeTracker.Entries<WebhookEvent>().Where(e => e.State == EntityState.Added && e.Entity.IsPending).Select(e => e.Entity.Id).ToList();

    /// <summary>New webhook events go to the queue once committed: now, or when the open transaction commits.</summary>
    private void AfterSave(List<Guid> queued)
    {
        _undispatched.AddRange(queued);
        if (Database.CurrentTransaction is null)
        {
            DispatchWebhooks();
        }
    }

    /// <summary>Called when the transaction commits (see <see cref="WebhookDispatchInterceptor"/>).</summary>
    internal void DispatchWebhooks()
    {
        if (_webhooks is not null)
        {
            foreach (var id in _undispatched)
            {
                _webhooks.Enqueue(id);
            }
        }

        _undispatched.Clear();
    }

    /// <summary>Called when the transaction rolls back: those rows never existed.</summary>
    internal void DiscardWebhooks() => _undispatched.Clear();

    /// <summary>An event whose payload renders when the change is saved (<see cref="EventRecorder.Defer"/>).</summary>
    internal void RenderOnSave(Event recorded) => _unrendered.Add(recorded);

    /// <summary>Renders the deferred event payloads, after <see cref="StampTimes"/> and before the fan-out reads them.</summary>
    private void RenderEvents()
    {
        foreach (var recorded in _unrendered)
        {
            recorded.Render();
        }

        _unrendered.Clear();
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
                    if (e is IEnvironmentScoped scoped && CurrentEnvironmentId is { } environment)
                    {
                        // A row made in an environment belongs to it (enterprise.md §2.2).
                        scoped.EnvironmentId = environment;
                    }

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

    /// <summary>A new account's private keys are written sealed with the current server key, never in plain text.</summary>
    private void SealNewAccounts()
    {
        foreach (var entry in ChangeTracker.Entries<Account>())
        {
            if (entry.State == EntityState.Added)
            {
                AccountKeySealing.Seal(entry.Entity, ServerKeys
                    ?? throw new ServerKeyException("No server key is configured to encrypt the new account's signing keys."));
            }
        }
    }

    public DateTime Now()
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks - (now.Ticks % 10), DateTimeKind.Utc);
    }
}
