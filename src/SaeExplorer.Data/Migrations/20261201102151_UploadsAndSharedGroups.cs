using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SaeExplorer.Data.Migrations
{
    /// <inheritdoc />
    public partial class UploadsAndSharedGroups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SharedGroups",
                columns: table => new
                {
                    Slug = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<int>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", nullable: false),
                    K = table.Column<int>(type: "INTEGER", nullable: false),
                    Tau = table.Column<string>(type: "TEXT", nullable: false),
                    KMax = table.Column<int>(type: "INTEGER", nullable: false),
                    Restarts = table.Column<int>(type: "INTEGER", nullable: false),
                    GroupIndex = table.Column<int>(type: "INTEGER", nullable: false),
                    Features = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Activations = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Mass = table.Column<double>(type: "REAL", nullable: false),
                    Share = table.Column<double>(type: "REAL", nullable: false),
                    SaeId = table.Column<int>(type: "INTEGER", nullable: false),
                    SaeFingerprint = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SharedGroups", x => x.Slug);
                    table.ForeignKey(
                        name: "FK_SharedGroups_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Uploads",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    WorkspaceId = table.Column<int>(type: "INTEGER", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Format = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Width = table.Column<int>(type: "INTEGER", nullable: false),
                    Height = table.Column<int>(type: "INTEGER", nullable: false),
                    Bytes = table.Column<long>(type: "INTEGER", nullable: false),
                    Embedding = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Uploads", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Uploads_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SharedGroups_ContentHash",
                table: "SharedGroups",
                column: "ContentHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SharedGroups_WorkspaceId",
                table: "SharedGroups",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_Uploads_WorkspaceId_Hash",
                table: "Uploads",
                columns: new[] { "WorkspaceId", "Hash" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SharedGroups");

            migrationBuilder.DropTable(
                name: "Uploads");
        }
    }
}
