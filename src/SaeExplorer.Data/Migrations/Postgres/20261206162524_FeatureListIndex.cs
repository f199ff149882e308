using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SaeExplorer.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class FeatureListIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Features_List",
                table: "Features",
                columns: new[] { "SaeId", "Feature", "TopLabelIsName", "TopLabel", "TopLabelScore", "Log10Frequency", "MaxActivation", "MeanActivation", "FiringCount" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Features_List",
                table: "Features");
        }
    }
}
