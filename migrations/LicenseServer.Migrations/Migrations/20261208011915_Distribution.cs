using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LicenseServer.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class Distribution : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "distribution_keys",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    environment_id = table.Column<Guid>(type: "uuid", nullable: true),
                    kind = table.Column<string>(type: "text", nullable: false),
                    key = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: true),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_distribution_keys", x => x.id);
                    table.ForeignKey(
                        name: "fk_distribution_keys_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_distribution_keys_environments_environment_id",
                        column: x => x.environment_id,
                        principalTable: "environments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "packages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    environment_id = table.Column<Guid>(type: "uuid", nullable: true),
                    product_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    key = table.Column<string>(type: "text", nullable: false),
                    engine = table.Column<string>(type: "text", nullable: true),
                    metadata = table.Column<string>(type: "jsonb", nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_packages", x => x.id);
                    table.ForeignKey(
                        name: "fk_packages_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_packages_environments_environment_id",
                        column: x => x.environment_id,
                        principalTable: "environments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_packages_products_product_id",
                        column: x => x.product_id,
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "releases",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    environment_id = table.Column<Guid>(type: "uuid", nullable: true),
                    product_id = table.Column<Guid>(type: "uuid", nullable: false),
                    package_id = table.Column<Guid>(type: "uuid", nullable: true),
                    version = table.Column<string>(type: "text", nullable: false),
                    version_key = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    major = table.Column<long>(type: "bigint", nullable: false),
                    minor = table.Column<long>(type: "bigint", nullable: false),
                    patch = table.Column<long>(type: "bigint", nullable: false),
                    prerelease = table.Column<string>(type: "text", nullable: true),
                    build = table.Column<string>(type: "text", nullable: true),
                    channel = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    tag = table.Column<string>(type: "text", nullable: true),
                    name = table.Column<string>(type: "text", nullable: true),
                    description = table.Column<string>(type: "text", nullable: true),
                    metadata = table.Column<string>(type: "jsonb", nullable: false),
                    backdated = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    published = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    yanked = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_releases", x => x.id);
                    table.ForeignKey(
                        name: "fk_releases_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_releases_environments_environment_id",
                        column: x => x.environment_id,
                        principalTable: "environments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_releases_packages_package_id",
                        column: x => x.package_id,
                        principalTable: "packages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_releases_products_product_id",
                        column: x => x.product_id,
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "artifacts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    environment_id = table.Column<Guid>(type: "uuid", nullable: true),
                    release_id = table.Column<Guid>(type: "uuid", nullable: false),
                    filename = table.Column<string>(type: "text", nullable: false),
                    filetype = table.Column<string>(type: "text", nullable: true),
                    filesize = table.Column<long>(type: "bigint", nullable: true),
                    platform = table.Column<string>(type: "text", nullable: true),
                    arch = table.Column<string>(type: "text", nullable: true),
                    checksum = table.Column<string>(type: "text", nullable: true),
                    signature = table.Column<string>(type: "text", nullable: true),
                    status = table.Column<string>(type: "text", nullable: false),
                    content_type = table.Column<string>(type: "text", nullable: true),
                    content_sha256 = table.Column<string>(type: "text", nullable: true),
                    metadata = table.Column<string>(type: "jsonb", nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_artifacts", x => x.id);
                    table.CheckConstraint("ck_artifacts_filesize_non_negative", "filesize >= 0");
                    table.ForeignKey(
                        name: "fk_artifacts_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_artifacts_environments_environment_id",
                        column: x => x.environment_id,
                        principalTable: "environments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_artifacts_releases_release_id",
                        column: x => x.release_id,
                        principalTable: "releases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "release_constraints",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    environment_id = table.Column<Guid>(type: "uuid", nullable: true),
                    release_id = table.Column<Guid>(type: "uuid", nullable: false),
                    entitlement_id = table.Column<Guid>(type: "uuid", nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_release_constraints", x => x.id);
                    table.ForeignKey(
                        name: "fk_release_constraints_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_release_constraints_entitlements_entitlement_id",
                        column: x => x.entitlement_id,
                        principalTable: "entitlements",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_release_constraints_environments_environment_id",
                        column: x => x.environment_id,
                        principalTable: "environments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_release_constraints_releases_release_id",
                        column: x => x.release_id,
                        principalTable: "releases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_artifacts_account_id_created",
                table: "artifacts",
                columns: new[] { "account_id", "created" });

            migrationBuilder.CreateIndex(
                name: "ix_artifacts_account_id_filename",
                table: "artifacts",
                columns: new[] { "account_id", "filename" });

            migrationBuilder.CreateIndex(
                name: "ix_artifacts_environment_id",
                table: "artifacts",
                column: "environment_id");

            migrationBuilder.CreateIndex(
                name: "ix_artifacts_release_id_filename",
                table: "artifacts",
                columns: new[] { "release_id", "filename" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_distribution_keys_account_id_environment_id_kind_key",
                table: "distribution_keys",
                columns: new[] { "account_id", "environment_id", "kind", "key" },
                unique: true,
                filter: "environment_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_distribution_keys_account_id_kind_created",
                table: "distribution_keys",
                columns: new[] { "account_id", "kind", "created" });

            migrationBuilder.CreateIndex(
                name: "ix_distribution_keys_account_id_kind_key",
                table: "distribution_keys",
                columns: new[] { "account_id", "kind", "key" },
                unique: true,
                filter: "environment_id IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_distribution_keys_environment_id",
                table: "distribution_keys",
                column: "environment_id");

            migrationBuilder.CreateIndex(
                name: "ix_packages_account_id_created",
                table: "packages",
                columns: new[] { "account_id", "created" });

            migrationBuilder.CreateIndex(
                name: "ix_packages_account_id_key",
                table: "packages",
                columns: new[] { "account_id", "key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_packages_environment_id",
                table: "packages",
                column: "environment_id");

            migrationBuilder.CreateIndex(
                name: "ix_packages_product_id",
                table: "packages",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "ix_release_constraints_account_id",
                table: "release_constraints",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_release_constraints_entitlement_id",
                table: "release_constraints",
                column: "entitlement_id");

            migrationBuilder.CreateIndex(
                name: "ix_release_constraints_environment_id",
                table: "release_constraints",
                column: "environment_id");

            migrationBuilder.CreateIndex(
                name: "ix_release_constraints_release_id_entitlement_id",
                table: "release_constraints",
                columns: new[] { "release_id", "entitlement_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_releases_account_id_created",
                table: "releases",
                columns: new[] { "account_id", "created" });

            migrationBuilder.CreateIndex(
                name: "ix_releases_account_id_tag",
                table: "releases",
                columns: new[] { "account_id", "tag" },
                filter: "tag IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_releases_account_id_version",
                table: "releases",
                columns: new[] { "account_id", "version" });

            migrationBuilder.CreateIndex(
                name: "ix_releases_environment_id",
                table: "releases",
                column: "environment_id");

            migrationBuilder.CreateIndex(
                name: "ix_releases_package_id",
                table: "releases",
                column: "package_id",
                filter: "package_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_releases_product_id_package_id_tag",
                table: "releases",
                columns: new[] { "product_id", "package_id", "tag" },
                unique: true,
                filter: "package_id IS NOT NULL AND tag IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_releases_product_id_package_id_version",
                table: "releases",
                columns: new[] { "product_id", "package_id", "version" },
                unique: true,
                filter: "package_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_releases_product_id_tag",
                table: "releases",
                columns: new[] { "product_id", "tag" },
                unique: true,
                filter: "package_id IS NULL AND tag IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_releases_product_id_version",
                table: "releases",
                columns: new[] { "product_id", "version" },
                unique: true,
                filter: "package_id IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_releases_product_id_version_key",
                table: "releases",
                columns: new[] { "product_id", "version_key" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "artifacts");

            migrationBuilder.DropTable(
                name: "distribution_keys");

            migrationBuilder.DropTable(
                name: "release_constraints");

            migrationBuilder.DropTable(
                name: "releases");

            migrationBuilder.DropTable(
                name: "packages");
        }
    }
}
