using Sylvan.Data.Csv;

namespace SaeExplorer.Core.Corpus;

/// <summary>
/// Lists a corpus: either a manifest.csv (id,file,category,subcategory,description,source,licence;
/// only file is required) or every image file of a folder, in a stable (ordinal) order. A row with an id but no
/// file has no local image: it is known by its URL (an http(s) source), or by the embedding a pack keeps for it.
/// </summary>
public static class CorpusManifest
{
    public const string FileName = "manifest.csv";

    private static readonly string[] Columns = ["id", "file", "category", "subcategory", "description", "source", "licence"];

    private static readonly HashSet<string> ImageExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".tga", ".tif", ".tiff", ".pbm",
    };

    public static IReadOnlyList<ManifestEntry> Read(string csvPath)
    {
        using var csv = CsvDataReader.Create(csvPath, new CsvDataReaderOptions { HeaderComparer = StringComparer.OrdinalIgnoreCase });
        int Column(string name) => Enumerable.Range(0, csv.FieldCount).FirstOrDefault(i => csv.GetName(i).Trim().Equals(name, StringComparison.OrdinalIgnoreCase), -1);
        var file = Column("file");
        if (file < 0)
            throw new InvalidDataException($"{csvPath}: the manifest has no 'file' column (found: {string.Join(", ", Enumerable.Range(0, csv.FieldCount).Select(csv.GetName))}).");
        int id = Column("id"), category = Column("category"), subcategory = Column("subcategory"),
            description = Column("description"), source = Column("source"), licence = Column("licence");
        string? Field(int i) => i >= 0 && i < csv.RowFieldCount && !string.IsNullOrWhiteSpace(csv.GetString(i)) ? csv.GetString(i).Trim() : null;

        var entries = new List<ManifestEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var line = 1;
        while (csv.Read())
        {
            line++;
            var path = Field(file);
            if (path == null && Field(id) == null) continue; // nothing to find it by
            var key = Field(id) ?? Path.ChangeExtension(path!, null).Replace('\\', '/');
            if (!seen.Add(key))
                throw new InvalidDataException($"{csvPath}, row {line}: id '{key}' appears twice.");
            entries.Add(new ManifestEntry(key, path ?? "", Field(category), Field(subcategory), Field(description), Field(source), Field(licence)));
        }
        return entries;
    }

    /// <summary>Writes a manifest.csv (the columns <see cref="Read"/> knows), atomically: a reader never sees half a file.</summary>
    public static void Write(string csvPath, IEnumerable<ManifestEntry> entries)
    {
        var table = new System.Data.DataTable();
        foreach (var column in Columns) table.Columns.Add(column, typeof(string));
        foreach (var e in entries) table.Rows.Add(e.Id, e.File, e.Category, e.Subcategory, e.Description, e.Source, e.Licence);
        IO.AtomicFile.Write(csvPath, stream =>
        {
            using var reader = table.CreateDataReader();
            using var text = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
            using var csv = CsvDataWriter.Create(text);
            csv.Write(reader);
        });
    }

    /// <summary>Every image below <paramref name="folder"/>, id = relative path without extension.</summary>
    public static IReadOnlyList<ManifestEntry> FromFolder(string folder)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"No such folder: {folder}");
        return Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => ImageExtensions.Contains(Path.GetExtension(f)))
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .Select(rel => new ManifestEntry(Path.ChangeExtension(rel, null), rel,
                Category: rel.Contains('/') ? rel[..rel.IndexOf('/')] : null))
            .ToList();
    }
}
