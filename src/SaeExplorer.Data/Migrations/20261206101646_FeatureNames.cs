using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SaeExplorer.Data.Migrations
{
    /// <summary>
    /// Whether a feature's top label is shown as its name, and whether a person wrote it. Existing top labels keep being
    /// shown (as before) until the label stage (label-v3) scores them again and names only those that say something.
    /// </summary>
    public partial class FeatureNames : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "TopLabelByPerson",
                table: "Features",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "TopLabelIsName",
                table: "Features",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.Sql("UPDATE Features SET TopLabelIsName = 1 WHERE TopLabel IS NOT NULL");
            migrationBuilder.Sql("""
                UPDATE Features SET TopLabelByPerson = 1 WHERE TopLabel IS NOT NULL AND EXISTS (SELECT 1 FROM Labels l
                WHERE l.SaeId = Features.SaeId AND l.Feature = Features.Feature AND l.Source = 'human' AND l.Text = Features.TopLabel)
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
