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
                name: "entitlements",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    code = table.Column<string>(type: "text", nullable: false),
                    metadata = table.Column<string>(type: "jsonb", nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_entitlements", x => x.id);
                    table.ForeignKey(
                        name: "fk_entitlements_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    resource_type = table.Column<string>(type: "text", nullable: false),
                    resource_id = table.Column<Guid>(type: "uuid", nullable: false),
                    payload = table.Column<string>(type: "jsonb", nullable: false),
                    meta = table.Column<string>(type: "jsonb", nullable: true),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_events_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "groups",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    max_users = table.Column<int>(type: "integer", nullable: true),
                    max_licenses = table.Column<int>(type: "integer", nullable: true),
                    max_machines = table.Column<int>(type: "integer", nullable: true),
                    metadata = table.Column<string>(type: "jsonb", nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_groups", x => x.id);
                    table.ForeignKey(
                        name: "fk_groups_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
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
                    table.ForeignKey(
                        name: "fk_users_groups_group_id",
                        column: x => x.group_id,
                        principalTable: "groups",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "policies",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    product_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    duration = table.Column<int>(type: "integer", nullable: true),
                    strict = table.Column<bool>(type: "boolean", nullable: false),
                    floating = table.Column<bool>(type: "boolean", nullable: false),
                    use_pool = table.Column<bool>(type: "boolean", nullable: false),
                    scheme = table.Column<string>(type: "text", nullable: true),
                    encrypted = table.Column<bool>(type: "boolean", nullable: false),
                    @protected = table.Column<bool>(name: "protected", type: "boolean", nullable: false),
                    max_machines = table.Column<int>(type: "integer", nullable: true),
                    max_processes = table.Column<int>(type: "integer", nullable: true),
                    max_users = table.Column<int>(type: "integer", nullable: true),
                    max_cores = table.Column<int>(type: "integer", nullable: true),
                    max_memory = table.Column<long>(type: "bigint", nullable: true),
                    max_disk = table.Column<long>(type: "bigint", nullable: true),
                    max_uses = table.Column<int>(type: "integer", nullable: true),
                    machine_uniqueness_strategy = table.Column<string>(type: "text", nullable: false),
                    machine_matching_strategy = table.Column<string>(type: "text", nullable: false),
                    component_uniqueness_strategy = table.Column<string>(type: "text", nullable: false),
                    component_matching_strategy = table.Column<string>(type: "text", nullable: false),
                    expiration_strategy = table.Column<string>(type: "text", nullable: false),
                    expiration_basis = table.Column<string>(type: "text", nullable: false),
                    renewal_basis = table.Column<string>(type: "text", nullable: false),
                    transfer_strategy = table.Column<string>(type: "text", nullable: false),
                    authentication_strategy = table.Column<string>(type: "text", nullable: false),
                    machine_leasing_strategy = table.Column<string>(type: "text", nullable: false),
                    process_leasing_strategy = table.Column<string>(type: "text", nullable: false),
                    overage_strategy = table.Column<string>(type: "text", nullable: false),
                    require_product_scope = table.Column<bool>(type: "boolean", nullable: false),
                    require_policy_scope = table.Column<bool>(type: "boolean", nullable: false),
                    require_machine_scope = table.Column<bool>(type: "boolean", nullable: false),
                    require_fingerprint_scope = table.Column<bool>(type: "boolean", nullable: false),
                    require_components_scope = table.Column<bool>(type: "boolean", nullable: false),
                    require_user_scope = table.Column<bool>(type: "boolean", nullable: false),
                    require_checksum_scope = table.Column<bool>(type: "boolean", nullable: false),
                    require_version_scope = table.Column<bool>(type: "boolean", nullable: false),
                    require_check_in = table.Column<bool>(type: "boolean", nullable: false),
                    check_in_interval = table.Column<string>(type: "text", nullable: true),
                    check_in_interval_count = table.Column<int>(type: "integer", nullable: true),
                    heartbeat_duration = table.Column<int>(type: "integer", nullable: true),
                    heartbeat_cull_strategy = table.Column<string>(type: "text", nullable: false),
                    heartbeat_resurrection_strategy = table.Column<string>(type: "text", nullable: false),
                    heartbeat_basis = table.Column<string>(type: "text", nullable: false),
                    require_heartbeat = table.Column<bool>(type: "boolean", nullable: false),
                    metadata = table.Column<string>(type: "jsonb", nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_policies", x => x.id);
                    table.ForeignKey(
                        name: "fk_policies_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_policies_products_product_id",
                        column: x => x.product_id,
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "webhook_endpoints",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    url = table.Column<string>(type: "character varying(4096)", maxLength: 4096, nullable: false),
                    subscriptions = table.Column<List<string>>(type: "text[]", nullable: false),
                    signature_algorithm = table.Column<string>(type: "text", nullable: false),
                    api_version = table.Column<string>(type: "text", nullable: false),
                    product_id = table.Column<Guid>(type: "uuid", nullable: true),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_endpoints", x => x.id);
                    table.ForeignKey(
                        name: "fk_webhook_endpoints_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_webhook_endpoints_products_product_id",
                        column: x => x.product_id,
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "group_owners",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    group_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_group_owners", x => x.id);
                    table.ForeignKey(
                        name: "fk_group_owners_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_group_owners_groups_group_id",
                        column: x => x.group_id,
                        principalTable: "groups",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_group_owners_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "keys",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    policy_id = table.Column<Guid>(type: "uuid", nullable: false),
                    product_id = table.Column<Guid>(type: "uuid", nullable: false),
                    value = table.Column<string>(type: "text", nullable: false),
                    value_digest = table.Column<string>(type: "text", nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_keys", x => x.id);
                    table.ForeignKey(
                        name: "fk_keys_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_keys_policies_policy_id",
                        column: x => x.policy_id,
                        principalTable: "policies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "licenses",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    policy_id = table.Column<Guid>(type: "uuid", nullable: false),
                    product_id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: true),
                    group_id = table.Column<Guid>(type: "uuid", nullable: true),
                    name = table.Column<string>(type: "text", nullable: true),
                    key = table.Column<string>(type: "text", nullable: false),
                    key_digest = table.Column<string>(type: "text", nullable: false),
                    expiry = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    uses = table.Column<int>(type: "integer", nullable: false),
                    suspended = table.Column<bool>(type: "boolean", nullable: false),
                    @protected = table.Column<bool>(name: "protected", type: "boolean", nullable: false),
                    max_machines = table.Column<int>(type: "integer", nullable: true),
                    max_processes = table.Column<int>(type: "integer", nullable: true),
                    max_users = table.Column<int>(type: "integer", nullable: true),
                    max_cores = table.Column<int>(type: "integer", nullable: true),
                    max_memory = table.Column<long>(type: "bigint", nullable: true),
                    max_disk = table.Column<long>(type: "bigint", nullable: true),
                    max_uses = table.Column<int>(type: "integer", nullable: true),
                    version = table.Column<string>(type: "text", nullable: true),
                    last_validated = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    last_check_in = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    last_check_out = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    metadata = table.Column<string>(type: "jsonb", nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_licenses", x => x.id);
                    table.ForeignKey(
                        name: "fk_licenses_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_licenses_groups_group_id",
                        column: x => x.group_id,
                        principalTable: "groups",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_licenses_policies_policy_id",
                        column: x => x.policy_id,
                        principalTable: "policies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_licenses_products_product_id",
                        column: x => x.product_id,
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_licenses_users_owner_id",
                        column: x => x.owner_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "policy_entitlements",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    policy_id = table.Column<Guid>(type: "uuid", nullable: false),
                    entitlement_id = table.Column<Guid>(type: "uuid", nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_policy_entitlements", x => x.id);
                    table.ForeignKey(
                        name: "fk_policy_entitlements_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_policy_entitlements_entitlements_entitlement_id",
                        column: x => x.entitlement_id,
                        principalTable: "entitlements",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_policy_entitlements_policies_policy_id",
                        column: x => x.policy_id,
                        principalTable: "policies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "webhook_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    endpoint_id = table.Column<Guid>(type: "uuid", nullable: true),
                    endpoint = table.Column<string>(type: "text", nullable: false),
                    api_version = table.Column<string>(type: "text", nullable: false),
                    @event = table.Column<string>(name: "event", type: "text", nullable: false),
                    payload = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    last_response_code = table.Column<int>(type: "integer", nullable: true),
                    last_response_body = table.Column<string>(type: "text", nullable: true),
                    idempotency_token = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    claimed_until = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_webhook_events_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_webhook_events_webhook_endpoints_endpoint_id",
                        column: x => x.endpoint_id,
                        principalTable: "webhook_endpoints",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "license_entitlements",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    license_id = table.Column<Guid>(type: "uuid", nullable: false),
                    entitlement_id = table.Column<Guid>(type: "uuid", nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_license_entitlements", x => x.id);
                    table.ForeignKey(
                        name: "fk_license_entitlements_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_license_entitlements_entitlements_entitlement_id",
                        column: x => x.entitlement_id,
                        principalTable: "entitlements",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_license_entitlements_licenses_license_id",
                        column: x => x.license_id,
                        principalTable: "licenses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "license_users",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    license_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_license_users", x => x.id);
                    table.ForeignKey(
                        name: "fk_license_users_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_license_users_licenses_license_id",
                        column: x => x.license_id,
                        principalTable: "licenses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_license_users_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "machines",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    license_id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: true),
                    group_id = table.Column<Guid>(type: "uuid", nullable: true),
                    fingerprint = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: true),
                    ip = table.Column<string>(type: "text", nullable: true),
                    hostname = table.Column<string>(type: "text", nullable: true),
                    platform = table.Column<string>(type: "text", nullable: true),
                    cores = table.Column<int>(type: "integer", nullable: true),
                    memory = table.Column<long>(type: "bigint", nullable: true),
                    disk = table.Column<long>(type: "bigint", nullable: true),
                    metadata = table.Column<string>(type: "jsonb", nullable: false),
                    last_heartbeat = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    last_death_event_sent_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    last_check_out = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_machines", x => x.id);
                    table.ForeignKey(
                        name: "fk_machines_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_machines_licenses_license_id",
                        column: x => x.license_id,
                        principalTable: "licenses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_machines_users_owner_id",
                        column: x => x.owner_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "components",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    machine_id = table.Column<Guid>(type: "uuid", nullable: false),
                    fingerprint = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    metadata = table.Column<string>(type: "jsonb", nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_components", x => x.id);
                    table.ForeignKey(
                        name: "fk_components_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_components_machines_machine_id",
                        column: x => x.machine_id,
                        principalTable: "machines",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "processes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    machine_id = table.Column<Guid>(type: "uuid", nullable: false),
                    pid = table.Column<string>(type: "text", nullable: false),
                    last_heartbeat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    last_death_event_sent_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    metadata = table.Column<string>(type: "jsonb", nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_processes", x => x.id);
                    table.ForeignKey(
                        name: "fk_processes_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_processes_machines_machine_id",
                        column: x => x.machine_id,
                        principalTable: "machines",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_accounts_slug",
                table: "accounts",
                column: "slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_components_account_id_created",
                table: "components",
                columns: new[] { "account_id", "created" });

            migrationBuilder.CreateIndex(
                name: "ix_components_account_id_fingerprint",
                table: "components",
                columns: new[] { "account_id", "fingerprint" });

            migrationBuilder.CreateIndex(
                name: "ix_components_machine_id_fingerprint",
                table: "components",
                columns: new[] { "machine_id", "fingerprint" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_entitlements_account_id_code",
                table: "entitlements",
                columns: new[] { "account_id", "code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_entitlements_account_id_created",
                table: "entitlements",
                columns: new[] { "account_id", "created" });

            migrationBuilder.CreateIndex(
                name: "ix_events_account_id_created",
                table: "events",
                columns: new[] { "account_id", "created" });

            migrationBuilder.CreateIndex(
                name: "ix_events_account_id_name",
                table: "events",
                columns: new[] { "account_id", "name" });

            migrationBuilder.CreateIndex(
                name: "ix_group_owners_account_id_user_id",
                table: "group_owners",
                columns: new[] { "account_id", "user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_group_owners_group_id_user_id",
                table: "group_owners",
                columns: new[] { "group_id", "user_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_group_owners_user_id",
                table: "group_owners",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_groups_account_id_created",
                table: "groups",
                columns: new[] { "account_id", "created" });

            migrationBuilder.CreateIndex(
                name: "ix_keys_account_id_created",
                table: "keys",
                columns: new[] { "account_id", "created" });

            migrationBuilder.CreateIndex(
                name: "ix_keys_account_id_value_digest",
                table: "keys",
                columns: new[] { "account_id", "value_digest" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_keys_policy_id_created",
                table: "keys",
                columns: new[] { "policy_id", "created" });

            migrationBuilder.CreateIndex(
                name: "ix_license_entitlements_account_id",
                table: "license_entitlements",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_license_entitlements_entitlement_id",
                table: "license_entitlements",
                column: "entitlement_id");

            migrationBuilder.CreateIndex(
                name: "ix_license_entitlements_license_id_entitlement_id",
                table: "license_entitlements",
                columns: new[] { "license_id", "entitlement_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_license_users_account_id_user_id",
                table: "license_users",
                columns: new[] { "account_id", "user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_license_users_license_id_user_id",
                table: "license_users",
                columns: new[] { "license_id", "user_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_license_users_user_id",
                table: "license_users",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_licenses_account_id_created",
                table: "licenses",
                columns: new[] { "account_id", "created" });

            migrationBuilder.CreateIndex(
                name: "ix_licenses_account_id_key_digest",
                table: "licenses",
                columns: new[] { "account_id", "key_digest" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_licenses_account_id_owner_id",
                table: "licenses",
                columns: new[] { "account_id", "owner_id" });

            migrationBuilder.CreateIndex(
                name: "ix_licenses_account_id_policy_id",
                table: "licenses",
                columns: new[] { "account_id", "policy_id" });

            migrationBuilder.CreateIndex(
                name: "ix_licenses_account_id_product_id",
                table: "licenses",
                columns: new[] { "account_id", "product_id" });

            migrationBuilder.CreateIndex(
                name: "ix_licenses_group_id",
                table: "licenses",
                column: "group_id");

            migrationBuilder.CreateIndex(
                name: "ix_licenses_owner_id",
                table: "licenses",
                column: "owner_id");

            migrationBuilder.CreateIndex(
                name: "ix_licenses_policy_id",
                table: "licenses",
                column: "policy_id");

            migrationBuilder.CreateIndex(
                name: "ix_licenses_product_id",
                table: "licenses",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "ix_machines_account_id_created",
                table: "machines",
                columns: new[] { "account_id", "created" });

            migrationBuilder.CreateIndex(
                name: "ix_machines_account_id_fingerprint",
                table: "machines",
                columns: new[] { "account_id", "fingerprint" });

            migrationBuilder.CreateIndex(
                name: "ix_machines_license_id_fingerprint",
                table: "machines",
                columns: new[] { "license_id", "fingerprint" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_machines_owner_id",
                table: "machines",
                column: "owner_id");

            migrationBuilder.CreateIndex(
                name: "ix_policies_account_id_created",
                table: "policies",
                columns: new[] { "account_id", "created" });

            migrationBuilder.CreateIndex(
                name: "ix_policies_account_id_product_id",
                table: "policies",
                columns: new[] { "account_id", "product_id" });

            migrationBuilder.CreateIndex(
                name: "ix_policies_product_id",
                table: "policies",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "ix_policy_entitlements_account_id",
                table: "policy_entitlements",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_policy_entitlements_entitlement_id",
                table: "policy_entitlements",
                column: "entitlement_id");

            migrationBuilder.CreateIndex(
                name: "ix_policy_entitlements_policy_id_entitlement_id",
                table: "policy_entitlements",
                columns: new[] { "policy_id", "entitlement_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_processes_account_id_created",
                table: "processes",
                columns: new[] { "account_id", "created" });

            migrationBuilder.CreateIndex(
                name: "ix_processes_machine_id_pid",
                table: "processes",
                columns: new[] { "machine_id", "pid" },
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

            migrationBuilder.CreateIndex(
                name: "ix_users_group_id",
                table: "users",
                column: "group_id");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_endpoints_account_id_created",
                table: "webhook_endpoints",
                columns: new[] { "account_id", "created" });

            migrationBuilder.CreateIndex(
                name: "ix_webhook_endpoints_product_id",
                table: "webhook_endpoints",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_events_account_id_created",
                table: "webhook_events",
                columns: new[] { "account_id", "created" });

            migrationBuilder.CreateIndex(
                name: "ix_webhook_events_account_id_event",
                table: "webhook_events",
                columns: new[] { "account_id", "event" });

            migrationBuilder.CreateIndex(
                name: "ix_webhook_events_created",
                table: "webhook_events",
                column: "created");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_events_endpoint_id",
                table: "webhook_events",
                column: "endpoint_id");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_events_next_attempt_at",
                table: "webhook_events",
                column: "next_attempt_at",
                filter: "next_attempt_at IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "components");

            migrationBuilder.DropTable(
                name: "events");

            migrationBuilder.DropTable(
                name: "group_owners");

            migrationBuilder.DropTable(
                name: "keys");

            migrationBuilder.DropTable(
                name: "license_entitlements");

            migrationBuilder.DropTable(
                name: "license_users");

            migrationBuilder.DropTable(
                name: "policy_entitlements");

            migrationBuilder.DropTable(
                name: "processes");

            migrationBuilder.DropTable(
                name: "tokens");

            migrationBuilder.DropTable(
                name: "webhook_events");

            migrationBuilder.DropTable(
                name: "entitlements");

            migrationBuilder.DropTable(
                name: "machines");

            migrationBuilder.DropTable(
                name: "webhook_endpoints");

            migrationBuilder.DropTable(
                name: "licenses");

            migrationBuilder.DropTable(
                name: "policies");

            migrationBuilder.DropTable(
                name: "users");

            migrationBuilder.DropTable(
                name: "products");

            migrationBuilder.DropTable(
                name: "groups");

            migrationBuilder.DropTable(
                name: "accounts");
        }
    }
}
