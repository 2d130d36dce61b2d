using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LicenseServer.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class MachineGroups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Machines had no foreign key to groups: a deleted group could leave its id behind. Clear those first.
            migrationBuilder.Sql("UPDATE machines SET group_id = NULL WHERE group_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM groups g WHERE g.id = machines.group_id);");

            migrationBuilder.CreateIndex(
                name: "ix_machines_group_id",
                table: "machines",
                column: "group_id");

            migrationBuilder.AddForeignKey(
                name: "fk_machines_groups_group_id",
                table: "machines",
                column: "group_id",
                principalTable: "groups",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_machines_groups_group_id",
                table: "machines");

            migrationBuilder.DropIndex(
                name: "ix_machines_group_id",
                table: "machines");
        }
    }
}
