using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LicenseServer.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class LegacyKeyDigests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Legacy-encrypted keys were stored raw next to their digest; keep only the digest (behaviour.md §3.5).
            // Lookups already go through key_digest, so validation by the raw key keeps working.
            migrationBuilder.Sql(
                """
                UPDATE licenses AS l
                SET key = l.key_digest
                FROM policies AS p
                WHERE p.id = l.policy_id AND p.scheme = 'LEGACY_ENCRYPT' AND l.key <> l.key_digest;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The raw keys are gone by design: nothing to restore.
        }
    }
}
