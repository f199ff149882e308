using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SaeExplorer.Data.Migrations.Postgres
{
    /// <summary>
    /// Whether a feature's top label is shown as its name, and whether a person wrote it (the SQLite migration's twin).
    /// Existing top labels keep being shown (as before) until the label stage (label-v3) scores them again and names
    /// only those that say something.
    /// </summary>
    public partial class FeatureNames : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "TopLabelByPerson",
                table: "Features",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "TopLabelIsName",
                table: "Features",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.Sql("""UPDATE "Features" SET "TopLabelIsName" = TRUE WHERE "TopLabel" IS NOT NULL""");
            migrationBuilder.Sql("""
                UPDATE "Features" f SET "TopLabelByPerson" = TRUE WHERE f."TopLabel" IS NOT NULL AND EXISTS (SELECT 1 FROM "Labels" l
                WHERE l."SaeId" = f."SaeId" AND l."Feature" = f."Feature" AND l."Source" = 'human' AND l."Text" = f."TopLabel")
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "TopLabelByPerson",
                table: "Features");

            migrationBuilder.DropColumn(
                name: "TopLabelIsName",
                table: "Features");
        }
    }
}
