using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LicenseServer.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class LicenseReminders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "last_check_in_event_sent_at",
                table: "licenses",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "last_check_in_soon_event_sent_at",
                table: "licenses",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "last_expiration_event_sent_at",
                table: "licenses",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "last_expiring_soon_event_sent_at",
                table: "licenses",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_licenses_expiry",
                table: "licenses",
                column: "expiry",
                filter: "expiry IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_licenses_expiry",
                table: "licenses");

            migrationBuilder.DropColumn(
                name: "last_check_in_event_sent_at",
                table: "licenses");

            migrationBuilder.DropColumn(
                name: "last_check_in_soon_event_sent_at",
                table: "licenses");

            migrationBuilder.DropColumn(
                name: "last_expiration_event_sent_at",
                table: "licenses");

            migrationBuilder.DropColumn(
                name: "last_expiring_soon_event_sent_at",
                table: "licenses");
        }
    }
}
