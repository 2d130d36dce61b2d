using Microsoft.EntityFrameworkCore.Infrastructure;

namespace LicenseServer.Core.Data;

/// <summary>
/// Pooled contexts over the reads pool (<see cref="DataSources.Reads"/>), as the primary's are pooled over the primary:
/// none when no replica is configured.
/// </summary>
public sealed class ReplicaContexts
{
    private readonly PooledDbContextFactory<LicenseServerDb>? _factory;

    public ReplicaContexts(DataSources sources, int poolSize)
    {
        if (!sources.HasReplica)
        {
            return;
        }

        var options = new DbContextOptionsBuilder<LicenseServerDb>();
        DatabaseSetup.Configure(options, sources.Reads);
        _factory = new PooledDbContextFactory<LicenseServerDb>(options.Options, poolSize);
    }

    public bool Available => _factory is not null;

    public LicenseServerDb CreateDbContext() =>
        (_factory ?? throw new InvalidOperationException("No replica is configured.")).CreateDbContext();
}
