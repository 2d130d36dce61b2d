using LicenseServer.Core.Data;
using Npgsql;

namespace LicenseServer.Tests.Operations;

/// <summary>The reads pool's connection string (README "Scale out"): the standbys first, then the primary, preferring a standby.</summary>
public sealed class ConnectingToStandbys
{
    [Theory]
    [InlineData("Host=db1;Port=5432", "Host=db2;Port=5433", "db2:5433,db1:5432")]
    [InlineData("Host=db1", "Host=db2,db3", "db2:5432,db3:5432,db1:5432")]
    [InlineData("Host=db1:6000", "Host=db2:6001,db1:6000", "db2:6001,db1:6000")]
    [InlineData("Host=::1;Port=5432", "Host=[::2]:5433", "[::2]:5433,[::1]:5432")]
    public void The_standbys_come_first_then_the_primary_with_a_standby_preferred(string primary, string replica, string hosts)
    {
        var reads = new NpgsqlConnectionStringBuilder(DatabaseSetup.ReadsConnectionString(primary, replica));

        Assert.Equal(hosts, reads.Host);
        Assert.Equal("prefer-standby", reads.TargetSessionAttributes);
    }

    [Fact]
    public void The_replica_keeps_its_own_credentials_and_settings()
    {
        var reads = new NpgsqlConnectionStringBuilder(DatabaseSetup.ReadsConnectionString(
            "Host=db1;Username=writer;Password=w;Database=licenseserver", "Host=db2;Username=reader;Password=r;Database=licenseserver;Timeout=3"));

        Assert.Equal("reader", reads.Username);
        Assert.Equal("r", reads.Password);
        Assert.Equal(3, reads.Timeout);
    }

    [Theory]
    [InlineData("Host=db2,db1;Target Session Attributes=read-only")]
    [InlineData("Host=db1;Options=-c default_transaction_read_only=on")]
    public void A_replica_that_chooses_its_own_targets_or_names_only_the_primary_server_is_used_as_given(string replica)
    {
        Assert.Equal(replica, DatabaseSetup.ReadsConnectionString("Host=db1", replica));
    }
}
