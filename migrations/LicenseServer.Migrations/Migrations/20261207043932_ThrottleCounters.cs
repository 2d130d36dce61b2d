using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LicenseServer.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class ThrottleCounters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Brute-force throttle windows (not an EF entity: only ThrottleCounters' upsert touches it).
            // UNLOGGED: counters are cheap to lose in a crash and need no WAL.
            migrationBuilder.Sql("""
                CREATE UNLOGGED TABLE throttle_counters (
                    bucket bytea NOT NULL,
                    window_start timestamp with time zone NOT NULL,
                    count integer NOT NULL,
                    CONSTRAINT pk_throttle_counters PRIMARY KEY (bucket, window_start)
                );
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE throttle_counters;");
        }
    }
}
