using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SaeExplorer.Data.Migrations
{
    /// <inheritdoc />
    public partial class Saes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Saes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    WorkspaceId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Origin = table.Column<string>(type: "TEXT", nullable: false),
                    Path = table.Column<string>(type: "TEXT", nullable: false),
                    Architecture = table.Column<string>(type: "TEXT", nullable: false),
                    DIn = table.Column<int>(type: "INTEGER", nullable: false),
                    DSae = table.Column<int>(type: "INTEGER", nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    TrainingSteps = table.Column<int>(type: "INTEGER", nullable: false),
                    TrainingSeconds = table.Column<double>(type: "REAL", nullable: false),
                    EvaluatedSamples = table.Column<long>(type: "INTEGER", nullable: true),
                    ExplainedVariance = table.Column<double>(type: "REAL", nullable: true),
                    Mse = table.Column<double>(type: "REAL", nullable: true),
                    MeanCosine = table.Column<double>(type: "REAL", nullable: true),
                    L0 = table.Column<double>(type: "REAL", nullable: true),
                    DeadShare = table.Column<double>(type: "REAL", nullable: true),
                    DenseShare = table.Column<double>(type: "REAL", nullable: true),
                    MetricsJson = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Saes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Saes_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Saes_Active",
                table: "Saes",
                column: "WorkspaceId",
                unique: true,
                filter: "IsActive = 1");

            migrationBuilder.CreateIndex(
                name: "IX_Saes_WorkspaceId_Name",
                table: "Saes",
                columns: new[] { "WorkspaceId", "Name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Saes");
        }
    }
}
