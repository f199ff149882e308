using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SaeExplorer.Data.Migrations
{
    /// <inheritdoc />
    public partial class JobsAndSpaces : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(name: "SpacePreset", table: "Workspaces", type: "TEXT", maxLength: 64, nullable: true);
            migrationBuilder.AddColumn<string>(name: "SpaceModel", table: "Workspaces", type: "TEXT", nullable: true);
            migrationBuilder.AddColumn<string>(name: "SpaceFingerprint", table: "Workspaces", type: "TEXT", nullable: true);
            migrationBuilder.AddColumn<string>(name: "SpaceNormalization", table: "Workspaces", type: "TEXT", maxLength: 16, nullable: true);
            migrationBuilder.AddColumn<int>(name: "AliveFeatures", table: "Saes", type: "INTEGER", nullable: true);

            migrationBuilder.CreateTable(
                name: "Jobs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    WorkspaceId = table.Column<int>(type: "INTEGER", nullable: false),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Title = table.Column<string>(type: "TEXT", nullable: false),
                    Attempt = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Done = table.Column<int>(type: "INTEGER", nullable: false),
                    Total = table.Column<int>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Error = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Jobs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Jobs_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Jobs_WorkspaceId_Stage",
                table: "Jobs",
                columns: new[] { "WorkspaceId", "Stage" });

            // What the old columns said, kept: the space from the encoder text, the demo's source folder, and each
            // completed stage (the demo's "encode" is the one import path now) or the failure as a job of its own.
            migrationBuilder.Sql("""
                UPDATE Workspaces SET
                    SpacePreset = CASE WHEN EncoderPreset LIKE 'shipped%' THEN 'shipped' ELSE EncoderPreset END,
                    SpaceModel = EncoderPreset, SpaceNormalization = 'none'
                WHERE EmbeddingsPath IS NOT NULL;
                UPDATE Workspaces SET ImportedFrom = CorpusPath WHERE ImportedFrom IS NULL;
                WITH RECURSIVE split(WorkspaceId, Stage, Rest) AS (
                    SELECT Id, '', CompletedStages || ',' FROM Workspaces WHERE CompletedStages <> ''
                    UNION ALL
                    SELECT WorkspaceId, substr(Rest, 1, instr(Rest, ',') - 1), substr(Rest, instr(Rest, ',') + 1) FROM split WHERE Rest <> ''
                )
                INSERT INTO Jobs (WorkspaceId, Stage, Title, Attempt, State, Done, Total, StartedAt, EndedAt, Error)
                SELECT s.WorkspaceId, CASE s.Stage WHEN 'encode' THEN 'import' ELSE s.Stage END,
                       CASE s.Stage WHEN 'train' THEN 'train SAE' WHEN 'index' THEN 'index features' ELSE 'import the corpus' END,
                       1, 'Succeeded', 0, 0, w.UpdatedAt, w.UpdatedAt, NULL
                FROM split s JOIN Workspaces w ON w.Id = s.WorkspaceId WHERE s.Stage <> '';
                INSERT INTO Jobs (WorkspaceId, Stage, Title, Attempt, State, Done, Total, StartedAt, EndedAt, Error)
                SELECT Id, CASE WHEN Stage LIKE 'train%' THEN 'train' WHEN Stage LIKE 'index%' THEN 'index' ELSE 'import' END,
                       COALESCE(Stage, 'import the corpus'), 1, 'Failed', StageDone, StageTotal, COALESCE(StageStartedAt, UpdatedAt), UpdatedAt, Error
                FROM Workspaces WHERE State = 'Failed';
                """);

            migrationBuilder.DropColumn(name: "CompletedStages", table: "Workspaces");
            migrationBuilder.DropColumn(name: "EncoderPreset", table: "Workspaces");
            migrationBuilder.DropColumn(name: "Stage", table: "Workspaces");
            migrationBuilder.DropColumn(name: "StageDone", table: "Workspaces");
            migrationBuilder.DropColumn(name: "StageStartedAt", table: "Workspaces");
            migrationBuilder.DropColumn(name: "StageTotal", table: "Workspaces");
            migrationBuilder.DropColumn(name: "Error", table: "Workspaces");
            migrationBuilder.AlterColumn<string>(
                name: "ImportedFrom",
                table: "Workspaces",
                type: "TEXT",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldNullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(name: "CompletedStages", table: "Workspaces", type: "TEXT", nullable: false, defaultValue: "");
            migrationBuilder.AddColumn<string>(name: "EncoderPreset", table: "Workspaces", type: "TEXT", nullable: false, defaultValue: "");
            migrationBuilder.AddColumn<string>(name: "Stage", table: "Workspaces", type: "TEXT", nullable: true);
            migrationBuilder.AddColumn<int>(name: "StageDone", table: "Workspaces", type: "INTEGER", nullable: false, defaultValue: 0);
            migrationBuilder.AddColumn<long>(name: "StageStartedAt", table: "Workspaces", type: "INTEGER", nullable: true);
            migrationBuilder.AddColumn<int>(name: "StageTotal", table: "Workspaces", type: "INTEGER", nullable: false, defaultValue: 0);
            migrationBuilder.AddColumn<string>(name: "Error", table: "Workspaces", type: "TEXT", nullable: true);
            migrationBuilder.Sql("""
                UPDATE Workspaces SET EncoderPreset = COALESCE(SpaceModel, SpacePreset, ''),
                    CompletedStages = COALESCE((SELECT group_concat(Stage, ',') FROM
                        (SELECT DISTINCT Stage FROM Jobs j WHERE j.WorkspaceId = Workspaces.Id AND j.State = 'Succeeded')), '');
                """);
            migrationBuilder.DropTable(name: "Jobs");
            migrationBuilder.DropColumn(name: "SpaceNormalization", table: "Workspaces");
            migrationBuilder.DropColumn(name: "SpacePreset", table: "Workspaces");
            migrationBuilder.DropColumn(name: "SpaceModel", table: "Workspaces");
            migrationBuilder.DropColumn(name: "SpaceFingerprint", table: "Workspaces");
            migrationBuilder.DropColumn(name: "AliveFeatures", table: "Saes");
            migrationBuilder.AlterColumn<string>(name: "ImportedFrom", table: "Workspaces", type: "TEXT", nullable: true,
                oldClrType: typeof(string), oldType: "TEXT");
        }
    }
}
