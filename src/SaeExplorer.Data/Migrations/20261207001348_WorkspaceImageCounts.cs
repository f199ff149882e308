using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SaeExplorer.Data.Migrations
{
    /// <inheritdoc />
    public partial class WorkspaceImageCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "EncodedCount",
                table: "Workspaces",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ImageCount",
                table: "Workspaces",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "SkippedCount",
                table: "Workspaces",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Workspaces imported before: their counts once from their images (later imports record them).
            migrationBuilder.Sql(@"UPDATE Workspaces SET ImageCount = (SELECT COUNT(*) FROM CorpusImages i WHERE i.WorkspaceId = Workspaces.Id), EncodedCount = (SELECT COUNT(*) FROM CorpusImages i WHERE i.WorkspaceId = Workspaces.Id AND i.EmbeddingRow IS NOT NULL), SkippedCount = (SELECT COUNT(*) FROM CorpusImages i WHERE i.WorkspaceId = Workspaces.Id AND i.SkipReason IS NOT NULL)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EncodedCount",
                table: "Workspaces");

            migrationBuilder.DropColumn(
                name: "ImageCount",
                table: "Workspaces");

            migrationBuilder.DropColumn(
                name: "SkippedCount",
                table: "Workspaces");
        }
    }
}
