using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SaeExplorer.Data.Migrations
{
    /// <inheritdoc />
    public partial class CorpusSources : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ImportFormat",
                table: "Workspaces",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ImportedFrom",
                table: "Workspaces",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Url",
                table: "CorpusImages",
                type: "TEXT",
                maxLength: 2048,
                nullable: true);

            // Caption search: an FTS5 index over the images' text, kept in step with CorpusImages by
            // triggers so every writer (demo, import, CLI) is covered. EF has no model for FTS5.
            migrationBuilder.Sql("CREATE VIRTUAL TABLE ImageCaptionSearch USING fts5(Description, Category, Subcategory, content = 'CorpusImages', content_rowid = 'Id', tokenize = 'porter unicode61');");
            migrationBuilder.Sql("CREATE TRIGGER CorpusImages_CaptionInsert AFTER INSERT ON CorpusImages BEGIN INSERT INTO ImageCaptionSearch(rowid, Description, Category, Subcategory) VALUES (new.Id, new.Description, new.Category, new.Subcategory); END;");
            migrationBuilder.Sql("CREATE TRIGGER CorpusImages_CaptionDelete AFTER DELETE ON CorpusImages BEGIN INSERT INTO ImageCaptionSearch(ImageCaptionSearch, rowid, Description, Category, Subcategory) VALUES ('delete', old.Id, old.Description, old.Category, old.Subcategory); END;");
            migrationBuilder.Sql("CREATE TRIGGER CorpusImages_CaptionUpdate AFTER UPDATE OF Description, Category, Subcategory ON CorpusImages BEGIN INSERT INTO ImageCaptionSearch(ImageCaptionSearch, rowid, Description, Category, Subcategory) VALUES ('delete', old.Id, old.Description, old.Category, old.Subcategory); INSERT INTO ImageCaptionSearch(rowid, Description, Category, Subcategory) VALUES (new.Id, new.Description, new.Category, new.Subcategory); END;");
            migrationBuilder.Sql("INSERT INTO ImageCaptionSearch(ImageCaptionSearch) VALUES ('rebuild');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER CorpusImages_CaptionInsert;");
            migrationBuilder.Sql("DROP TRIGGER CorpusImages_CaptionDelete;");
            migrationBuilder.Sql("DROP TRIGGER CorpusImages_CaptionUpdate;");
            migrationBuilder.Sql("DROP TABLE ImageCaptionSearch;");

            migrationBuilder.DropColumn(
                name: "ImportFormat",
                table: "Workspaces");

            migrationBuilder.DropColumn(
                name: "ImportedFrom",
                table: "Workspaces");

            migrationBuilder.DropColumn(
                name: "Url",
                table: "CorpusImages");
        }
    }
}
