using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SaeExplorer.Data.Migrations
{
    /// <inheritdoc />
    public partial class FeatureIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Full-text search over feature labels (porter stemming, any script). Filled by labelling;
            // search works on whatever it holds. EF has no model for FTS5 virtual tables.
            migrationBuilder.Sql("CREATE VIRTUAL TABLE FeatureLabelSearch USING fts5(Label, SaeId UNINDEXED, Feature UNINDEXED, tokenize = 'porter unicode61');");

            migrationBuilder.CreateTable(
                name: "Features",
                columns: table => new
                {
                    SaeId = table.Column<int>(type: "INTEGER", nullable: false),
                    Feature = table.Column<int>(type: "INTEGER", nullable: false),
                    FiringCount = table.Column<long>(type: "INTEGER", nullable: false),
                    Frequency = table.Column<double>(type: "REAL", nullable: false),
                    Log10Frequency = table.Column<double>(type: "REAL", nullable: true),
                    MaxActivation = table.Column<float>(type: "REAL", nullable: false),
                    MeanActivation = table.Column<double>(type: "REAL", nullable: false),
                    Histogram = table.Column<byte[]>(type: "BLOB", nullable: false),
                    TopRows = table.Column<byte[]>(type: "BLOB", nullable: false),
                    TopActivations = table.Column<byte[]>(type: "BLOB", nullable: false),
                    TopBandBin = table.Column<int>(type: "INTEGER", nullable: false),
                    Samples = table.Column<byte[]>(type: "BLOB", nullable: false),
                    BandBounds = table.Column<byte[]>(type: "BLOB", nullable: false),
                    NeighbourIds = table.Column<byte[]>(type: "BLOB", nullable: false),
                    NeighbourCosines = table.Column<byte[]>(type: "BLOB", nullable: false),
                    TopLabel = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Features", x => new { x.SaeId, x.Feature });
                    table.ForeignKey(
                        name: "FK_Features_Saes_SaeId",
                        column: x => x.SaeId,
                        principalTable: "Saes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

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

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE FeatureLabelSearch;");

            migrationBuilder.DropTable(
                name: "Features");
        }
    }
}
