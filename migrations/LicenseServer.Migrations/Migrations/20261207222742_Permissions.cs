using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LicenseServer.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class Permissions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string[]>(
                name: "permissions",
                table: "users",
                type: "text[]",
                nullable: true);

            migrationBuilder.AddColumn<string[]>(
                name: "permissions",
                table: "tokens",
                type: "text[]",
                nullable: true);

            migrationBuilder.AddColumn<string[]>(
                name: "permissions",
                table: "products",
                type: "text[]",
                nullable: true);

            migrationBuilder.AddColumn<string[]>(
                name: "permissions",
                table: "licenses",
                type: "text[]",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "account_settings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    key = table.Column<string>(type: "text", nullable: false),
                    value = table.Column<string[]>(type: "text[]", nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_account_settings", x => x.id);
                    table.ForeignKey(
                        name: "fk_account_settings_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_account_settings_account_id_created",
                table: "account_settings",
                columns: new[] { "account_id", "created" });

            migrationBuilder.CreateIndex(
                name: "ix_account_settings_account_id_key",
                table: "account_settings",
                columns: new[] { "account_id", "key" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "account_settings");

            migrationBuilder.DropColumn(
                name: "permissions",
                table: "users");

            migrationBuilder.DropColumn(
                name: "permissions",
                table: "tokens");

            migrationBuilder.DropColumn(
                name: "permissions",
                table: "products");

            migrationBuilder.DropColumn(
                name: "permissions",
                table: "licenses");
        }
    }
}
