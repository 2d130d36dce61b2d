using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LicenseServer.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class EventAndRequestLogs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_events_account_id_name",
                table: "events");

            migrationBuilder.AddColumn<Guid>(
                name: "environment_id",
                table: "events",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "log_metadata",
                table: "events",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "log_resource_id",
                table: "events",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "log_resource_type",
                table: "events",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "request_id",
                table: "events",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "whodunnit_id",
                table: "events",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "whodunnit_type",
                table: "events",
                type: "text",
                nullable: true);

            // Events recorded before event logs existed point at their own resource.
            migrationBuilder.Sql("UPDATE events SET log_resource_type = resource_type, log_resource_id = resource_id WHERE log_resource_type IS NULL;");

            migrationBuilder.CreateTable(
                name: "request_logs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    url = table.Column<string>(type: "text", nullable: false),
                    method = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    user_agent = table.Column<string>(type: "text", nullable: true),
                    ip = table.Column<string>(type: "text", nullable: false),
                    request_headers = table.Column<string>(type: "text", nullable: true),
                    request_body = table.Column<string>(type: "text", nullable: true),
                    response_headers = table.Column<string>(type: "text", nullable: true),
                    response_body = table.Column<string>(type: "text", nullable: true),
                    response_signature = table.Column<string>(type: "text", nullable: true),
                    requestor_type = table.Column<string>(type: "text", nullable: true),
                    requestor_id = table.Column<Guid>(type: "uuid", nullable: true),
                    resource_type = table.Column<string>(type: "text", nullable: true),
                    resource_id = table.Column<Guid>(type: "uuid", nullable: true),
                    duration_ms = table.Column<double>(type: "double precision", nullable: false),
                    environment_id = table.Column<Guid>(type: "uuid", nullable: true),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_request_logs", x => x.id);
                    table.ForeignKey(
                        name: "fk_request_logs_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_events_account_id_log_resource_type_log_resource_id_created",
                table: "events",
                columns: new[] { "account_id", "log_resource_type", "log_resource_id", "created" });

            migrationBuilder.CreateIndex(
                name: "ix_events_account_id_name_created",
                table: "events",
                columns: new[] { "account_id", "name", "created" });

            migrationBuilder.CreateIndex(
                name: "ix_events_account_id_request_id",
                table: "events",
                columns: new[] { "account_id", "request_id" },
                filter: "request_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_events_account_id_whodunnit_type_whodunnit_id_created",
                table: "events",
                columns: new[] { "account_id", "whodunnit_type", "whodunnit_id", "created" });

            migrationBuilder.CreateIndex(
                name: "ix_request_logs_account_id_created",
                table: "request_logs",
                columns: new[] { "account_id", "created" });

            migrationBuilder.CreateIndex(
                name: "ix_request_logs_account_id_requestor_type_requestor_id_created",
                table: "request_logs",
                columns: new[] { "account_id", "requestor_type", "requestor_id", "created" });

            migrationBuilder.CreateIndex(
                name: "ix_request_logs_account_id_resource_type_resource_id_created",
                table: "request_logs",
                columns: new[] { "account_id", "resource_type", "resource_id", "created" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "request_logs");

            migrationBuilder.DropIndex(
                name: "ix_events_account_id_log_resource_type_log_resource_id_created",
                table: "events");

            migrationBuilder.DropIndex(
                name: "ix_events_account_id_name_created",
                table: "events");

            migrationBuilder.DropIndex(
                name: "ix_events_account_id_request_id",
                table: "events");

            migrationBuilder.DropIndex(
                name: "ix_events_account_id_whodunnit_type_whodunnit_id_created",
                table: "events");

            migrationBuilder.DropColumn(
                name: "environment_id",
                table: "events");

            migrationBuilder.DropColumn(
                name: "log_metadata",
                table: "events");

            migrationBuilder.DropColumn(
                name: "log_resource_id",
                table: "events");

            migrationBuilder.DropColumn(
                name: "log_resource_type",
                table: "events");

            migrationBuilder.DropColumn(
                name: "request_id",
                table: "events");

            migrationBuilder.DropColumn(
                name: "whodunnit_id",
                table: "events");

            migrationBuilder.DropColumn(
                name: "whodunnit_type",
                table: "events");

            migrationBuilder.CreateIndex(
                name: "ix_events_account_id_name",
                table: "events",
                columns: new[] { "account_id", "name" });
        }
    }
}
