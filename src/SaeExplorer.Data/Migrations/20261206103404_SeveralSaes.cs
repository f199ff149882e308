using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SaeExplorer.Data.Migrations
{
    /// <summary>
    /// Several SAEs per workspace: an SAE's name, origin file, format, fingerprint, input normalisation, imported index and
    /// state, and jobs per SAE. The one SAE a workspace had becomes its first (IsActive) and keeps its jobs.
    /// </summary>
    public partial class SeveralSaes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Fingerprint",
                table: "Saes",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Format",
                table: "Saes",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "saelens");

            migrationBuilder.AddColumn<string>(
                name: "IndexSource",
                table: "Saes",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Normalization",
                table: "Saes",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "Saes",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "State",
                table: "Saes",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "Ready");

            migrationBuilder.AddColumn<int>(
                name: "SaeId",
                table: "Jobs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Jobs_SaeId",
                table: "Jobs",
                column: "SaeId");

            migrationBuilder.AddForeignKey(
                name: "FK_Jobs_Saes_SaeId",
                table: "Jobs",
                column: "SaeId",
                principalTable: "Saes",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            // Every SAE stage ran for the workspace's one SAE until now: its jobs become that SAE's, so the demo's
            // finished stages still count and it is not prepared again.
            migrationBuilder.Sql("""
                UPDATE Jobs SET SaeId = (SELECT s.Id FROM Saes s WHERE s.WorkspaceId = Jobs.WorkspaceId AND s.IsActive = 1)
                WHERE Stage IN ('train', 'index', 'label', 'label-v2', 'icons', 'label-vision');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Jobs_Saes_SaeId",
                table: "Jobs");

            migrationBuilder.DropIndex(
                name: "IX_Jobs_SaeId",
                table: "Jobs");

            migrationBuilder.DropColumn(
                name: "Fingerprint",
                table: "Saes");

            migrationBuilder.DropColumn(
                name: "Format",
                table: "Saes");

            migrationBuilder.DropColumn(
                name: "IndexSource",
                table: "Saes");

            migrationBuilder.DropColumn(
                name: "Normalization",
                table: "Saes");

            migrationBuilder.DropColumn(
                name: "Source",
                table: "Saes");

            migrationBuilder.DropColumn(
                name: "State",
                table: "Saes");

            migrationBuilder.DropColumn(
                name: "SaeId",
                table: "Jobs");
        }
    }
}
