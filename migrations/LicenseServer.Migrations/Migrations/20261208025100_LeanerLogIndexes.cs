using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LicenseServer.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class LeanerLogIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_webhook_events_environment_id",
                table: "webhook_events");

            migrationBuilder.DropIndex(
                name: "ix_webhook_endpoints_environment_id",
                table: "webhook_endpoints");

            migrationBuilder.DropIndex(
                name: "ix_users_environment_id",
                table: "users");

            migrationBuilder.DropIndex(
                name: "ix_tokens_environment_id",
                table: "tokens");

            migrationBuilder.DropIndex(
                name: "ix_second_factors_environment_id",
                table: "second_factors");

            migrationBuilder.DropIndex(
                name: "ix_request_logs_account_id_requestor_type_requestor_id_created",
                table: "request_logs");

            migrationBuilder.DropIndex(
                name: "ix_request_logs_account_id_resource_type_resource_id_created",
                table: "request_logs");

            migrationBuilder.DropIndex(
                name: "ix_request_logs_environment_id",
                table: "request_logs");

            migrationBuilder.DropIndex(
                name: "ix_releases_environment_id",
                table: "releases");

            migrationBuilder.DropIndex(
                name: "ix_release_constraints_environment_id",
                table: "release_constraints");

            migrationBuilder.DropIndex(
                name: "ix_products_environment_id",
                table: "products");

            migrationBuilder.DropIndex(
                name: "ix_processes_environment_id",
                table: "processes");

            migrationBuilder.DropIndex(
                name: "ix_policy_entitlements_environment_id",
                table: "policy_entitlements");

            migrationBuilder.DropIndex(
                name: "ix_policies_environment_id",
                table: "policies");

            migrationBuilder.DropIndex(
                name: "ix_packages_environment_id",
                table: "packages");

            migrationBuilder.DropIndex(
                name: "ix_machines_environment_id",
                table: "machines");

            migrationBuilder.DropIndex(
                name: "ix_licenses_environment_id",
                table: "licenses");

            migrationBuilder.DropIndex(
                name: "ix_license_users_environment_id",
                table: "license_users");

            migrationBuilder.DropIndex(
                name: "ix_license_entitlements_environment_id",
                table: "license_entitlements");

            migrationBuilder.DropIndex(
                name: "ix_keys_environment_id",
                table: "keys");

            migrationBuilder.DropIndex(
                name: "ix_groups_environment_id",
                table: "groups");

            migrationBuilder.DropIndex(
                name: "ix_group_owners_environment_id",
                table: "group_owners");

            migrationBuilder.DropIndex(
                name: "ix_events_environment_id",
                table: "events");

            migrationBuilder.DropIndex(
                name: "ix_entitlements_environment_id",
                table: "entitlements");

            migrationBuilder.DropIndex(
                name: "ix_distribution_keys_environment_id",
                table: "distribution_keys");

            migrationBuilder.DropIndex(
                name: "ix_components_environment_id",
                table: "components");

            migrationBuilder.DropIndex(
                name: "ix_artifacts_environment_id",
                table: "artifacts");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_events_environment_id",
                table: "webhook_events",
                column: "environment_id",
                filter: "environment_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_endpoints_environment_id",
                table: "webhook_endpoints",
                column: "environment_id",
                filter: "environment_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_users_environment_id",
                table: "users",
                column: "environment_id",
                filter: "environment_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_tokens_environment_id",
                table: "tokens",
                column: "environment_id",
                filter: "environment_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_second_factors_environment_id",
                table: "second_factors",
                column: "environment_id",
                filter: "environment_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_request_logs_environment_id",
                table: "request_logs",
                column: "environment_id",
                filter: "environment_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_request_logs_requestor_id_created",
                table: "request_logs",
                columns: new[] { "requestor_id", "created" },
                filter: "requestor_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_request_logs_resource_id_created",
                table: "request_logs",
                columns: new[] { "resource_id", "created" },
                filter: "resource_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_releases_environment_id",
                table: "releases",
                column: "environment_id",
                filter: "environment_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_release_constraints_environment_id",
                table: "release_constraints",
                column: "environment_id",
                filter: "environment_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_products_environment_id",
                table: "products",
                column: "environment_id",
                filter: "environment_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_processes_environment_id",
                table: "processes",
                column: "environment_id",
                filter: "environment_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_policy_entitlements_environment_id",
                table: "policy_entitlements",
                column: "environment_id",
                filter: "environment_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_policies_environment_id",
                table: "policies",
                column: "environment_id",
                filter: "environment_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_packages_environment_id",
                table: "packages",
                column: "environment_id",
                filter: "environment_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_machines_environment_id",
                table: "machines",
                column: "environment_id",
                filter: "environment_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_licenses_environment_id",
                table: "licenses",
                column: "environment_id",
                filter: "environment_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_license_users_environment_id",
                table: "license_users",
                column: "environment_id",
                filter: "environment_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_license_entitlements_environment_id",
                table: "license_entitlements",
                column: "environment_id",
                filter: "environment_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_keys_environment_id",
                table: "keys",
                column: "environment_id",
                filter: "environment_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_groups_environment_id",
                table: "groups",
                column: "environment_id",
                filter: "environment_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_group_owners_environment_id",
                table: "group_owners",
                column: "environment_id",
                filter: "environment_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_events_environment_id",
                table: "events",
                column: "environment_id",
                filter: "environment_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_entitlements_environment_id",
                table: "entitlements",
                column: "environment_id",
                filter: "environment_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_distribution_keys_environment_id",
                table: "distribution_keys",
                column: "environment_id",
                filter: "environment_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_components_environment_id",
                table: "components",
                column: "environment_id",
                filter: "environment_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_artifacts_environment_id",
                table: "artifacts",
                column: "environment_id",
                filter: "environment_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_webhook_events_environment_id",
                table: "webhook_events");

            migrationBuilder.DropIndex(
                name: "ix_webhook_endpoints_environment_id",
                table: "webhook_endpoints");

            migrationBuilder.DropIndex(
                name: "ix_users_environment_id",
                table: "users");

            migrationBuilder.DropIndex(
                name: "ix_tokens_environment_id",
                table: "tokens");

            migrationBuilder.DropIndex(
                name: "ix_second_factors_environment_id",
                table: "second_factors");

            migrationBuilder.DropIndex(
                name: "ix_request_logs_environment_id",
                table: "request_logs");

            migrationBuilder.DropIndex(
                name: "ix_request_logs_requestor_id_created",
                table: "request_logs");

            migrationBuilder.DropIndex(
                name: "ix_request_logs_resource_id_created",
                table: "request_logs");

            migrationBuilder.DropIndex(
                name: "ix_releases_environment_id",
                table: "releases");

            migrationBuilder.DropIndex(
                name: "ix_release_constraints_environment_id",
                table: "release_constraints");

            migrationBuilder.DropIndex(
                name: "ix_products_environment_id",
                table: "products");

            migrationBuilder.DropIndex(
                name: "ix_processes_environment_id",
                table: "processes");

            migrationBuilder.DropIndex(
                name: "ix_policy_entitlements_environment_id",
                table: "policy_entitlements");

            migrationBuilder.DropIndex(
                name: "ix_policies_environment_id",
                table: "policies");

            migrationBuilder.DropIndex(
                name: "ix_packages_environment_id",
                table: "packages");

            migrationBuilder.DropIndex(
                name: "ix_machines_environment_id",
                table: "machines");

            migrationBuilder.DropIndex(
                name: "ix_licenses_environment_id",
                table: "licenses");

            migrationBuilder.DropIndex(
                name: "ix_license_users_environment_id",
                table: "license_users");

            migrationBuilder.DropIndex(
                name: "ix_license_entitlements_environment_id",
                table: "license_entitlements");

            migrationBuilder.DropIndex(
                name: "ix_keys_environment_id",
                table: "keys");

            migrationBuilder.DropIndex(
                name: "ix_groups_environment_id",
                table: "groups");

            migrationBuilder.DropIndex(
                name: "ix_group_owners_environment_id",
                table: "group_owners");

            migrationBuilder.DropIndex(
                name: "ix_events_environment_id",
                table: "events");

            migrationBuilder.DropIndex(
                name: "ix_entitlements_environment_id",
                table: "entitlements");

            migrationBuilder.DropIndex(
                name: "ix_distribution_keys_environment_id",
                table: "distribution_keys");

            migrationBuilder.DropIndex(
                name: "ix_components_environment_id",
                table: "components");

            migrationBuilder.DropIndex(
                name: "ix_artifacts_environment_id",
                table: "artifacts");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_events_environment_id",
                table: "webhook_events",
                column: "environment_id");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_endpoints_environment_id",
                table: "webhook_endpoints",
                column: "environment_id");

            migrationBuilder.CreateIndex(
                name: "ix_users_environment_id",
                table: "users",
                column: "environment_id");

            migrationBuilder.CreateIndex(
                name: "ix_tokens_environment_id",
                table: "tokens",
                column: "environment_id");

            migrationBuilder.CreateIndex(
                name: "ix_second_factors_environment_id",
                table: "second_factors",
                column: "environment_id");

            migrationBuilder.CreateIndex(
                name: "ix_request_logs_account_id_requestor_type_requestor_id_created",
                table: "request_logs",
                columns: new[] { "account_id", "requestor_type", "requestor_id", "created" });

            migrationBuilder.CreateIndex(
                name: "ix_request_logs_account_id_resource_type_resource_id_created",
                table: "request_logs",
                columns: new[] { "account_id", "resource_type", "resource_id", "created" });

            migrationBuilder.CreateIndex(
                name: "ix_request_logs_environment_id",
                table: "request_logs",
                column: "environment_id");

            migrationBuilder.CreateIndex(
                name: "ix_releases_environment_id",
                table: "releases",
                column: "environment_id");

            migrationBuilder.CreateIndex(
                name: "ix_release_constraints_environment_id",
                table: "release_constraints",
                column: "environment_id");

            migrationBuilder.CreateIndex(
                name: "ix_products_environment_id",
                table: "products",
                column: "environment_id");

            migrationBuilder.CreateIndex(
                name: "ix_processes_environment_id",
                table: "processes",
                column: "environment_id");

            migrationBuilder.CreateIndex(
                name: "ix_policy_entitlements_environment_id",
                table: "policy_entitlements",
                column: "environment_id");

            migrationBuilder.CreateIndex(
                name: "ix_policies_environment_id",
                table: "policies",
                column: "environment_id");

            migrationBuilder.CreateIndex(
                name: "ix_packages_environment_id",
                table: "packages",
                column: "environment_id");

            migrationBuilder.CreateIndex(
                name: "ix_machines_environment_id",
                table: "machines",
                column: "environment_id");

            migrationBuilder.CreateIndex(
                name: "ix_licenses_environment_id",
                table: "licenses",
                column: "environment_id");

            migrationBuilder.CreateIndex(
                name: "ix_license_users_environment_id",
                table: "license_users",
                column: "environment_id");

            migrationBuilder.CreateIndex(
                name: "ix_license_entitlements_environment_id",
                table: "license_entitlements",
                column: "environment_id");

            migrationBuilder.CreateIndex(
                name: "ix_keys_environment_id",
                table: "keys",
                column: "environment_id");

            migrationBuilder.CreateIndex(
                name: "ix_groups_environment_id",
                table: "groups",
                column: "environment_id");

            migrationBuilder.CreateIndex(
                name: "ix_group_owners_environment_id",
                table: "group_owners",
                column: "environment_id");

            migrationBuilder.CreateIndex(
                name: "ix_events_environment_id",
                table: "events",
                column: "environment_id");

            migrationBuilder.CreateIndex(
                name: "ix_entitlements_environment_id",
                table: "entitlements",
                column: "environment_id");

            migrationBuilder.CreateIndex(
                name: "ix_distribution_keys_environment_id",
                table: "distribution_keys",
                column: "environment_id");

            migrationBuilder.CreateIndex(
                name: "ix_components_environment_id",
                table: "components",
                column: "environment_id");

            migrationBuilder.CreateIndex(
                name: "ix_artifacts_environment_id",
                table: "artifacts",
                column: "environment_id");
        }
    }
}
