using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SaeExplorer.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SeveralSaes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "Name",
                table: "Saes",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AddColumn<string>(
                name: "Fingerprint",
                table: "Saes",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Format",
                table: "Saes",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "saelens");

            migrationBuilder.AddColumn<string>(
                name: "IndexSource",
                table: "Saes",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Normalization",
                table: "Saes",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "Saes",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "State",
                table: "Saes",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Ready");

            migrationBuilder.AddColumn<int>(
                name: "SaeId",
                table: "Jobs",
                type: "integer",
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

            // The stages of a workspace's SAE that ran before SAEs had their own jobs are its first SAE's (as on SQLite).
            migrationBuilder.Sql("""
                UPDATE "Jobs" SET "SaeId" = (SELECT s."Id" FROM "Saes" s WHERE s."WorkspaceId" = "Jobs"."WorkspaceId" AND s."IsActive")
                WHERE "Stage" IN ('train', 'index', 'label', 'label-v2', 'icons', 'label-vision');
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

            migrationBuilder.AlterColumn<string>(
                name: "Name",
                table: "Saes",
                type: "text",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64);
        }
    }
}
