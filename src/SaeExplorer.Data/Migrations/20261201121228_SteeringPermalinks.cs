using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SaeExplorer.Data.Migrations
{
    /// <inheritdoc />
    public partial class SteeringPermalinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SharedSteerings",
                columns: table => new
                {
                    Slug = table.Column<string>(type: "TEXT", maxLength: 52, nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<int>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", nullable: false),
                    KMax = table.Column<int>(type: "INTEGER", nullable: false),
                    Restarts = table.Column<int>(type: "INTEGER", nullable: false),
                    Tau = table.Column<string>(type: "TEXT", nullable: false),
                    K = table.Column<int>(type: "INTEGER", nullable: true),
                    Edits = table.Column<string>(type: "TEXT", nullable: false),
                    KeepError = table.Column<bool>(type: "INTEGER", nullable: false),
                    SaeId = table.Column<int>(type: "INTEGER", nullable: false),
                    SaeFingerprint = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SharedSteerings", x => x.Slug);
                    table.ForeignKey(
                        name: "FK_SharedSteerings_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SharedSteerings_ContentHash",
                table: "SharedSteerings",
                column: "ContentHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SharedSteerings_WorkspaceId",
                table: "SharedSteerings",
                column: "WorkspaceId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SharedSteerings");
        }
    }
}
