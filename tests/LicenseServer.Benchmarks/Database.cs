using LicenseServer.Core.Common;
using LicenseServer.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Benchmarks;

/// <summary>The server's DbContext with the server's options (<see cref="DatabaseSetup.Configure"/>).</summary>
public static class Database
{
    public static LicenseServerDb Open(string connectionString)
    {
        // The data source lives as long as the benchmark process; the few contexts opened here share nothing else.
        var options = new DbContextOptionsBuilder<LicenseServerDb>();
        DatabaseSetup.Configure(options, DatabaseSetup.CreateDataSource(connectionString));
        return new LicenseServerDb(options.Options).Bind(TimeProvider.System, null, new ServerKeyRing(Convert.FromBase64String(ServerKey), []));
    }

    /// <summary>The server key (Secrets__Key) of the benchmark's server, so the seeder and the server read the same keys.</summary>
    public static readonly string ServerKey = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData("benchmark server key"u8));
}
