using LicenseServer.Core.Data;
using Npgsql;

namespace LicenseServer.Tests.Licenses;

/// <summary>The server's connection defaults (prepared statements, no reset on return to the pool) yield to what the operator set.</summary>
public sealed class TuningTheConnection
{
    [Fact]
    public void Defaults_fill_what_the_connection_string_leaves_unset()
    {
        var tuned = new NpgsqlConnectionStringBuilder(DatabaseSetup.Tuned("Host=db;Username=app"));

        Assert.Equal(64, tuned.MaxAutoPrepare);
        Assert.Equal(2, tuned.AutoPrepareMinUsages);
        Assert.True(tuned.NoResetOnClose);
        Assert.Equal("db", tuned.Host);
    }

    [Fact]
    public void Settings_given_by_the_operator_are_kept()
    {
        var tuned = new NpgsqlConnectionStringBuilder(DatabaseSetup.Tuned("Host=db;Max Auto Prepare=0;NoResetOnClose=false"));

        Assert.Equal(0, tuned.MaxAutoPrepare);
        Assert.False(tuned.NoResetOnClose);
    }
}
