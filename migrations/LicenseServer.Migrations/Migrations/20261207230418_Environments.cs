using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LicenseServer.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class Environments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "environment_id",
                table: "webhook_events",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "environment_id",
                table: "webhook_endpoints",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "environment_id",
                table: "users",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "environment_id",
                table: "tokens",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "environment_id",
                table: "second_factors",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "environment_id",
                table: "products",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "environment_id",
                table: "processes",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "environment_id",
                table: "policy_entitlements",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "environment_id",
                table: "policies",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "environment_id",
                table: "machines",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "environment_id",
                table: "licenses",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "environment_id",
                table: "license_users",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "environment_id",
                table: "license_entitlements",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "environment_id",
                table: "keys",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "environment_id",
                table: "groups",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "environment_id",
                table: "group_owners",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "environment_id",
                table: "entitlements",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "environment_id",
                table: "components",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "environments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    code = table.Column<string>(type: "text", nullable: false),
                    isolation_strategy = table.Column<string>(type: "text", nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_environments", x => x.id);
                    table.CheckConstraint("ck_environments_isolation_strategy", "isolation_strategy IN ('ISOLATED', 'SHARED')");
                    table.ForeignKey(
                        name: "fk_environments_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

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
                name: "ix_request_logs_environment_id",
                table: "request_logs",
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
                name: "ix_components_environment_id",
                table: "components",
                column: "environment_id");

            migrationBuilder.CreateIndex(
                name: "ix_environments_account_id_code",
                table: "environments",
                columns: new[] { "account_id", "code" });

            migrationBuilder.CreateIndex(
                name: "ix_environments_account_id_created",
                table: "environments",
                columns: new[] { "account_id", "created" });

            migrationBuilder.AddForeignKey(
                name: "fk_components_environments_environment_id",
                table: "components",
                column: "environment_id",
                principalTable: "environments",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_entitlements_environments_environment_id",
                table: "entitlements",
                column: "environment_id",
                principalTable: "environments",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_events_environments_environment_id",
                table: "events",
                column: "environment_id",
                principalTable: "environments",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_group_owners_environments_environment_id",
                table: "group_owners",
                column: "environment_id",
                principalTable: "environments",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_groups_environments_environment_id",
                table: "groups",
                column: "environment_id",
                principalTable: "environments",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_keys_environments_environment_id",
                table: "keys",
                column: "environment_id",
                principalTable: "environments",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_license_entitlements_environments_environment_id",
                table: "license_entitlements",
                column: "environment_id",
                principalTable: "environments",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_license_users_environments_environment_id",
                table: "license_users",
                column: "environment_id",
                principalTable: "environments",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_licenses_environments_environment_id",
                table: "licenses",
                column: "environment_id",
                principalTable: "environments",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_machines_environments_environment_id",
                table: "machines",
                column: "environment_id",
                principalTable: "environments",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_policies_environments_environment_id",
                table: "policies",
                column: "environment_id",
                principalTable: "environments",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_policy_entitlements_environments_environment_id",
                table: "policy_entitlements",
                column: "environment_id",
                principalTable: "environments",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_processes_environments_environment_id",
                table: "processes",
                column: "environment_id",
                principalTable: "environments",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_products_environments_environment_id",
                table: "products",
                column: "environment_id",
                principalTable: "environments",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_request_logs_environments_environment_id",
                table: "request_logs",
                column: "environment_id",
                principalTable: "environments",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_second_factors_environments_environment_id",
                table: "second_factors",
                column: "environment_id",
                principalTable: "environments",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_tokens_environments_environment_id",
                table: "tokens",
                column: "environment_id",
                principalTable: "environments",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_users_environments_environment_id",
                table: "users",
                column: "environment_id",
                principalTable: "environments",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_webhook_endpoints_environments_environment_id",
                table: "webhook_endpoints",
                column: "environment_id",
                principalTable: "environments",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_webhook_events_environments_environment_id",
                table: "webhook_events",
                column: "environment_id",
                principalTable: "environments",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_components_environments_environment_id",
                table: "components");

            migrationBuilder.DropForeignKey(
                name: "fk_entitlements_environments_environment_id",
                table: "entitlements");

            migrationBuilder.DropForeignKey(
                name: "fk_events_environments_environment_id",
                table: "events");

            migrationBuilder.DropForeignKey(
                name: "fk_group_owners_environments_environment_id",
                table: "group_owners");

            migrationBuilder.DropForeignKey(
                name: "fk_groups_environments_environment_id",
                table: "groups");

            migrationBuilder.DropForeignKey(
                name: "fk_keys_environments_environment_id",
                table: "keys");

            migrationBuilder.DropForeignKey(
                name: "fk_license_entitlements_environments_environment_id",
                table: "license_entitlements");

            migrationBuilder.DropForeignKey(
                name: "fk_license_users_environments_environment_id",
                table: "license_users");

            migrationBuilder.DropForeignKey(
                name: "fk_licenses_environments_environment_id",
                table: "licenses");

            migrationBuilder.DropForeignKey(
                name: "fk_machines_environments_environment_id",
                table: "machines");

            migrationBuilder.DropForeignKey(
                name: "fk_policies_environments_environment_id",
                table: "policies");

            migrationBuilder.DropForeignKey(
                name: "fk_policy_entitlements_environments_environment_id",
                table: "policy_entitlements");

            migrationBuilder.DropForeignKey(
                name: "fk_processes_environments_environment_id",
                table: "processes");

            migrationBuilder.DropForeignKey(
                name: "fk_products_environments_environment_id",
                table: "products");

            migrationBuilder.DropForeignKey(
                name: "fk_request_logs_environments_environment_id",
                table: "request_logs");

            migrationBuilder.DropForeignKey(
                name: "fk_second_factors_environments_environment_id",
                table: "second_factors");

            migrationBuilder.DropForeignKey(
                name: "fk_tokens_environments_environment_id",
                table: "tokens");

            migrationBuilder.DropForeignKey(
                name: "fk_users_environments_environment_id",
                table: "users");

            migrationBuilder.DropForeignKey(
                name: "fk_webhook_endpoints_environments_environment_id",
                table: "webhook_endpoints");

            migrationBuilder.DropForeignKey(
                name: "fk_webhook_events_environments_environment_id",
                table: "webhook_events");

            migrationBuilder.DropTable(
                name: "environments");

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
                name: "ix_components_environment_id",
                table: "components");

            migrationBuilder.DropColumn(
                name: "environment_id",
                table: "webhook_events");

            migrationBuilder.DropColumn(
                name: "environment_id",
                table: "webhook_endpoints");

            migrationBuilder.DropColumn(
                name: "environment_id",
                table: "users");

            migrationBuilder.DropColumn(
                name: "environment_id",
                table: "tokens");

            migrationBuilder.DropColumn(
                name: "environment_id",
                table: "second_factors");

            migrationBuilder.DropColumn(
                name: "environment_id",
                table: "products");

            migrationBuilder.DropColumn(
                name: "environment_id",
                table: "processes");

            migrationBuilder.DropColumn(
                name: "environment_id",
                table: "policy_entitlements");

            migrationBuilder.DropColumn(
                name: "environment_id",
                table: "policies");

            migrationBuilder.DropColumn(
                name: "environment_id",
                table: "machines");

            migrationBuilder.DropColumn(
                name: "environment_id",
                table: "licenses");

            migrationBuilder.DropColumn(
                name: "environment_id",
                table: "license_users");

            migrationBuilder.DropColumn(
                name: "environment_id",
                table: "license_entitlements");

            migrationBuilder.DropColumn(
                name: "environment_id",
                table: "keys");

            migrationBuilder.DropColumn(
                name: "environment_id",
                table: "groups");

            migrationBuilder.DropColumn(
                name: "environment_id",
                table: "group_owners");

            migrationBuilder.DropColumn(
                name: "environment_id",
                table: "entitlements");

            migrationBuilder.DropColumn(
                name: "environment_id",
                table: "components");
        }
    }
}
