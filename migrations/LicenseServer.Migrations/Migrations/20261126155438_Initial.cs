using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LicenseServer.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "accounts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    slug = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    api_version = table.Column<string>(type: "text", nullable: false),
                    @protected = table.Column<bool>(name: "protected", type: "boolean", nullable: false),
                    secret = table.Column<string>(type: "text", nullable: false),
                    ed25519private_key = table.Column<string>(type: "text", nullable: false),
                    ed25519public_key = table.Column<string>(type: "text", nullable: false),
                    rsa_private_key = table.Column<string>(type: "text", nullable: false),
                    rsa_public_key = table.Column<string>(type: "text", nullable: false),
                    ecdsa_private_key = table.Column<string>(type: "text", nullable: false),
                    ecdsa_public_key = table.Column<string>(type: "text", nullable: false),
                    created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_accounts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "products",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    code = table.Column<string>(type: "text", nullable: true),
                    distribution_strategy = table.Column<string>(type: "text", nullable: false),
                    url = table.Column<string>(type: "text", nullable: true),
                    platforms = table.Column<List<string>>(type: "text[]", nullable: true),
                    metadata = table.Column<string>(type: "jsonb", nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_products", x => x.id);
                    table.ForeignKey(
                        name: "fk_products_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tokens",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    bearer_type = table.Column<string>(type: "text", nullable: false),
                    bearer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    digest = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: true),
                    expiry = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    max_activations = table.Column<int>(type: "integer", nullable: true),
                    activations = table.Column<int>(type: "integer", nullable: false),
                    max_deactivations = table.Column<int>(type: "integer", nullable: true),
                    deactivations = table.Column<int>(type: "integer", nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tokens", x => x.id);
                    table.ForeignKey(
                        name: "fk_tokens_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    email = table.Column<string>(type: "text", nullable: false),
                    first_name = table.Column<string>(type: "text", nullable: true),
                    last_name = table.Column<string>(type: "text", nullable: true),
                    password_digest = table.Column<string>(type: "text", nullable: true),
                    role = table.Column<string>(type: "text", nullable: false),
                    metadata = table.Column<string>(type: "jsonb", nullable: false),
                    group_id = table.Column<Guid>(type: "uuid", nullable: true),
                    banned_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    password_reset_token_digest = table.Column<string>(type: "text", nullable: true),
                    password_reset_sent_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
                    table.ForeignKey(
                        name: "fk_users_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_accounts_slug",
                table: "accounts",
                column: "slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_products_account_id_code",
                table: "products",
                columns: new[] { "account_id", "code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_products_account_id_created",
                table: "products",
                columns: new[] { "account_id", "created" });

            migrationBuilder.CreateIndex(
                name: "ix_tokens_account_id_bearer_type_bearer_id",
                table: "tokens",
                columns: new[] { "account_id", "bearer_type", "bearer_id" });

            migrationBuilder.CreateIndex(
                name: "ix_tokens_account_id_created",
                table: "tokens",
                columns: new[] { "account_id", "created" });

            migrationBuilder.CreateIndex(
                name: "ix_tokens_account_id_digest",
                table: "tokens",
                columns: new[] { "account_id", "digest" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_users_account_id_created",
                table: "users",
                columns: new[] { "account_id", "created" });

            migrationBuilder.CreateIndex(
                name: "ix_users_account_id_email",
                table: "users",
                columns: new[] { "account_id", "email" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "products");

            migrationBuilder.DropTable(
                name: "tokens");

            migrationBuilder.DropTable(
                name: "users");

            migrationBuilder.DropTable(
                name: "accounts");
        }
    }
}
