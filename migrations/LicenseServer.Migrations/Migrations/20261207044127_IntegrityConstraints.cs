using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LicenseServer.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class IntegrityConstraints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddCheckConstraint(
                name: "ck_webhook_events_attempts_non_negative",
                table: "webhook_events",
                sql: "attempts >= 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_tokens_activations_non_negative",
                table: "tokens",
                sql: "activations >= 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_tokens_deactivations_non_negative",
                table: "tokens",
                sql: "deactivations >= 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_tokens_max_activations_non_negative",
                table: "tokens",
                sql: "max_activations >= 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_tokens_max_deactivations_non_negative",
                table: "tokens",
                sql: "max_deactivations >= 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_policies_max_cores_non_negative",
                table: "policies",
                sql: "max_cores >= 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_policies_max_disk_non_negative",
                table: "policies",
                sql: "max_disk >= 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_policies_max_machines_non_negative",
                table: "policies",
                sql: "max_machines >= 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_policies_max_memory_non_negative",
                table: "policies",
                sql: "max_memory >= 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_policies_max_processes_non_negative",
                table: "policies",
                sql: "max_processes >= 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_policies_max_users_non_negative",
                table: "policies",
                sql: "max_users >= 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_policies_max_uses_non_negative",
                table: "policies",
                sql: "max_uses >= 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_machines_cores_non_negative",
                table: "machines",
                sql: "cores >= 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_machines_disk_non_negative",
                table: "machines",
                sql: "disk >= 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_machines_memory_non_negative",
                table: "machines",
                sql: "memory >= 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_licenses_max_cores_non_negative",
                table: "licenses",
                sql: "max_cores >= 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_licenses_max_disk_non_negative",
                table: "licenses",
                sql: "max_disk >= 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_licenses_max_machines_non_negative",
                table: "licenses",
                sql: "max_machines >= 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_licenses_max_memory_non_negative",
                table: "licenses",
                sql: "max_memory >= 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_licenses_max_processes_non_negative",
                table: "licenses",
                sql: "max_processes >= 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_licenses_max_users_non_negative",
                table: "licenses",
                sql: "max_users >= 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_licenses_max_uses_non_negative",
                table: "licenses",
                sql: "max_uses >= 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_licenses_uses_non_negative",
                table: "licenses",
                sql: "uses >= 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_groups_max_licenses_non_negative",
                table: "groups",
                sql: "max_licenses >= 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_groups_max_machines_non_negative",
                table: "groups",
                sql: "max_machines >= 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_groups_max_users_non_negative",
                table: "groups",
                sql: "max_users >= 0");

            // Product and entitlement codes are unique per account case-insensitively (resources.md); the model's
            // (account_id, code) index is case-sensitive, so the check the code makes first could be raced.
            migrationBuilder.Sql("CREATE UNIQUE INDEX ix_products_account_id_lower_code ON products (account_id, lower(code));");
            migrationBuilder.Sql("CREATE UNIQUE INDEX ix_entitlements_account_id_lower_code ON entitlements (account_id, lower(code));");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX ix_entitlements_account_id_lower_code;");
            migrationBuilder.Sql("DROP INDEX ix_products_account_id_lower_code;");

            migrationBuilder.DropCheckConstraint(
                name: "ck_webhook_events_attempts_non_negative",
                table: "webhook_events");

            migrationBuilder.DropCheckConstraint(
                name: "ck_tokens_activations_non_negative",
                table: "tokens");

            migrationBuilder.DropCheckConstraint(
                name: "ck_tokens_deactivations_non_negative",
                table: "tokens");

            migrationBuilder.DropCheckConstraint(
                name: "ck_tokens_max_activations_non_negative",
                table: "tokens");

            migrationBuilder.DropCheckConstraint(
                name: "ck_tokens_max_deactivations_non_negative",
                table: "tokens");

            migrationBuilder.DropCheckConstraint(
                name: "ck_policies_max_cores_non_negative",
                table: "policies");

            migrationBuilder.DropCheckConstraint(
                name: "ck_policies_max_disk_non_negative",
                table: "policies");

            migrationBuilder.DropCheckConstraint(
                name: "ck_policies_max_machines_non_negative",
                table: "policies");

            migrationBuilder.DropCheckConstraint(
                name: "ck_policies_max_memory_non_negative",
                table: "policies");

            migrationBuilder.DropCheckConstraint(
                name: "ck_policies_max_processes_non_negative",
                table: "policies");

            migrationBuilder.DropCheckConstraint(
                name: "ck_policies_max_users_non_negative",
                table: "policies");

            migrationBuilder.DropCheckConstraint(
                name: "ck_policies_max_uses_non_negative",
                table: "policies");

            migrationBuilder.DropCheckConstraint(
                name: "ck_machines_cores_non_negative",
                table: "machines");

            migrationBuilder.DropCheckConstraint(
                name: "ck_machines_disk_non_negative",
                table: "machines");

            migrationBuilder.DropCheckConstraint(
                name: "ck_machines_memory_non_negative",
                table: "machines");

            migrationBuilder.DropCheckConstraint(
                name: "ck_licenses_max_cores_non_negative",
                table: "licenses");

            migrationBuilder.DropCheckConstraint(
                name: "ck_licenses_max_disk_non_negative",
                table: "licenses");

            migrationBuilder.DropCheckConstraint(
                name: "ck_licenses_max_machines_non_negative",
                table: "licenses");

            migrationBuilder.DropCheckConstraint(
                name: "ck_licenses_max_memory_non_negative",
                table: "licenses");

            migrationBuilder.DropCheckConstraint(
                name: "ck_licenses_max_processes_non_negative",
                table: "licenses");

            migrationBuilder.DropCheckConstraint(
                name: "ck_licenses_max_users_non_negative",
                table: "licenses");

            migrationBuilder.DropCheckConstraint(
                name: "ck_licenses_max_uses_non_negative",
                table: "licenses");

            migrationBuilder.DropCheckConstraint(
                name: "ck_licenses_uses_non_negative",
                table: "licenses");

            migrationBuilder.DropCheckConstraint(
                name: "ck_groups_max_licenses_non_negative",
                table: "groups");

            migrationBuilder.DropCheckConstraint(
                name: "ck_groups_max_machines_non_negative",
                table: "groups");

            migrationBuilder.DropCheckConstraint(
                name: "ck_groups_max_users_non_negative",
                table: "groups");
        }
    }
}
