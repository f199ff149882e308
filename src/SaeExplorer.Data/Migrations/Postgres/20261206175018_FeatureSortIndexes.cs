using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SaeExplorer.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class FeatureSortIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Features_SaeId_Log10Frequency",
                table: "Features");

            migrationBuilder.DropIndex(
                name: "IX_Features_SaeId_MaxActivation",
                table: "Features");

            migrationBuilder.DropIndex(
                name: "IX_Features_SaeId_MeanActivation",
                table: "Features");

            migrationBuilder.CreateIndex(
                name: "IX_Features_ByFrequency",
                table: "Features",
                columns: new[] { "SaeId", "Log10Frequency", "Feature", "FiringCount", "TopLabelScore" });

            migrationBuilder.CreateIndex(
                name: "IX_Features_ByLabel",
                table: "Features",
                columns: new[] { "SaeId", "TopLabelIsName", "TopLabel", "Feature", "FiringCount", "Log10Frequency", "TopLabelScore" });

            migrationBuilder.CreateIndex(
                name: "IX_Features_ByMaxActivation",
                table: "Features",
                columns: new[] { "SaeId", "MaxActivation", "Feature", "FiringCount", "Log10Frequency", "TopLabelScore" });

            migrationBuilder.CreateIndex(
                name: "IX_Features_ByMeanActivation",
                table: "Features",
                columns: new[] { "SaeId", "MeanActivation", "Feature", "FiringCount", "Log10Frequency", "TopLabelScore" });

            migrationBuilder.CreateIndex(
                name: "IX_Features_ByScore",
                table: "Features",
                columns: new[] { "SaeId", "TopLabelScore", "Feature", "FiringCount", "Log10Frequency" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Features_ByFrequency",
                table: "Features");

            migrationBuilder.DropIndex(
                name: "IX_Features_ByLabel",
                table: "Features");

            migrationBuilder.DropIndex(
                name: "IX_Features_ByMaxActivation",
                table: "Features");

            migrationBuilder.DropIndex(
                name: "IX_Features_ByMeanActivation",
                table: "Features");

            migrationBuilder.DropIndex(
                name: "IX_Features_ByScore",
                table: "Features");

            migrationBuilder.CreateIndex(
                name: "IX_Features_SaeId_Log10Frequency",
                table: "Features",
                columns: new[] { "SaeId", "Log10Frequency" });

            migrationBuilder.CreateIndex(
                name: "IX_Features_SaeId_MaxActivation",
                table: "Features",
                columns: new[] { "SaeId", "MaxActivation" });

            migrationBuilder.CreateIndex(
                name: "IX_Features_SaeId_MeanActivation",
                table: "Features",
                columns: new[] { "SaeId", "MeanActivation" });
        }
    }
}
