using LicenseServer.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Benchmarks;

/// <summary>The server's DbContext with the server's options (<see cref="DatabaseSetup.Configure"/>).</summary>
public static class Database
{
    public static LicenseServerDb Open(string connectionString)
    {
        var options = new DbContextOptionsBuilder<LicenseServerDb>();
        DatabaseSetup.Configure(options, connectionString);
        return new LicenseServerDb(options.Options, TimeProvider.System);
    }
}
