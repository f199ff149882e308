using System.Globalization;
using System.Text.RegularExpressions;
using Parquet;
using Parquet.Schema;
using SaeExplorer.Core.Embeddings;

namespace SaeExplorer.Core.Corpus.Import;

/// <summary>
/// Reads clip-retrieval's output: img_emb/img_emb_N.npy (float16 or float32, [rows, d]) with
/// metadata/metadata_N.parquet holding the same rows in the same order (at least 'url' and 'caption'; 'image_path',
/// 'similarity', width/height and anything else are kept). Every shard must pair up and agree on its row count,
/// and all shards must have the same width; otherwise the import fails naming the files and the counts.
/// Items are known by URL; an image_path makes the image local only when it lies inside the corpus folder.
/// </summary>
public static partial class ClipRetrievalImporter
{
    public const string EmbeddingsFolder = "img_emb";
    public const string MetadataFolder = "metadata";

    [GeneratedRegex(@"^img_emb_(\d+)\.npy$")]
    private static partial Regex NpyName();

    [GeneratedRegex(@"^metadata_(\d+)\.parquet$")]
    private static partial Regex MetadataName();

    /// <summary>True when <paramref name="root"/> has img_emb/img_emb_*.npy and a metadata/ folder.</summary>
    public static bool Looks(string root) =>
        Directory.Exists(Path.Combine(root, EmbeddingsFolder)) && Directory.Exists(Path.Combine(root, MetadataFolder))
        && Directory.EnumerateFiles(Path.Combine(root, EmbeddingsFolder), "img_emb_*.npy").Any();

    /// <summary>The img_emb/img_emb_N.npy files of a clip-retrieval folder, by shard number (open them as one matrix with
    /// <see cref="ShardedNpy.Open"/>).</summary>
    public static IReadOnlyList<string> EmbeddingFiles(string root) =>
        [.. Numbered(Path.Combine(Path.GetFullPath(root), EmbeddingsFolder), NpyName()).Values];

    /// <summary>
    /// The shards' shapes without reading their rows: every img_emb_N.npy paired with its metadata_N.parquet, one width for
    /// all, and each parquet's row count (from its footer) equal to its .npy's. What a workspace is checked against
    /// before it is created; the message names the files.
    /// </summary>
    /// <exception cref="CorpusImportException">A shard is unpaired, unreadable, of another width, or its row counts differ.</exception>
    public static async Task<(int Columns, string FirstShard, long Rows)> CheckAsync(string root, CancellationToken ct = default)
    {
        root = Path.GetFullPath(root);
        int? columns = null;
        string first = "";
        long rows = 0;
        foreach (var (npyPath, metaPath) in Pairs(root))
        {
            var shape = NpyShape(root, npyPath);
            columns = SameWidth(root, npyPath, shape.Columns, columns, first);
            if (first.Length == 0) first = npyPath;
            var metaName = ImportPaths.Relative(root, metaPath);
            await using var stream = OpenMetadata(metaPath, metaName);
            try
            {
                await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: ct).ConfigureAwait(false);
                RowsAgree(root, metaPath, RowCount(reader), npyPath, shape.Rows);
                rows += shape.Rows;
            }
            catch (Exception e) when (Unreadable(e))
            {
                throw new CorpusImportException($"{metaName}: not a readable parquet file: {e.Message}", e);
            }
        }
        return (columns!.Value, ImportPaths.Relative(root, first), rows);
    }

    public static async Task<ImportedCorpus> ImportAsync(string root, CancellationToken ct = default)
    {
        root = Path.GetFullPath(root);
        var pairs = Pairs(root);
        var items = new List<CorpusItem>();
        var warnings = new List<ImportIssue>();
        var shards = new List<EmbeddingShard>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        long firstRow = 0;
        foreach (var (npyPath, metaPath) in pairs)
        {
            ct.ThrowIfCancellationRequested();
            var n = ShardNumber(npyPath);
            string metaName = ImportPaths.Relative(root, metaPath);
            var (rows, columns, dtype) = NpyShape(root, npyPath);
            SameWidth(root, npyPath, columns, shards.Count > 0 ? shards[0].Columns : null, shards.Count > 0 ? shards[0].NpyPath : "");
            var table = await ReadMetadataAsync(metaPath, metaName, ct).ConfigureAwait(false);
            RowsAgree(root, metaPath, table.Rows, npyPath, rows);

            var shardIndex = shards.Count;
            shards.Add(new EmbeddingShard(npyPath, metaPath, rows, columns, dtype, firstRow));
            for (var row = 0; row < table.Rows; row++)
            {
                var id = table.Get("key", row) is { Length: > 0 } key && !ids.Contains(key) ? key : $"{n}-{row}";
                if (!ids.Add(id))
                    id = $"{n}-{row}-{ids.Count}";
                var location = $"{metaName} row {row}";
                ImageLocator? image = null;
                if (table.Get("image_path", row) is { Length: > 0 } imagePath)
                {
                    var relative = Path.IsPathRooted(imagePath) ? ImportPaths.RelativeInside(root, imagePath) : imagePath;
                    var reason = $"unsafe path '{imagePath}': it lies outside the corpus folder";
                    if (relative is not null && ImportPaths.TryResolveInside(root, relative, out _, out reason))
                        image = new FileImageLocator(relative.Replace('\\', '/'));
                    else
                        warnings.Add(new ImportIssue(location, $"image_path ignored: {reason}; the item is known by URL only", id));
                }
                var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (column, values) in table.Columns)
                {
                    if (values[row] is { } value && column is not ("url" or "caption" or "key" or "image_path" or "width" or "height"))
                        metadata[column] = value;
                }
                items.Add(new CorpusItem(id, table.Get("caption", row), table.Get("url", row), image,
                    ParseInt(table.Get("width", row)), ParseInt(table.Get("height", row)), metadata, new EmbeddingRef(shardIndex, row)));
            }
            warnings.AddRange(table.Ignored.Select(c => new ImportIssue(metaName, $"column '{c}' has a type that is not read; ignored")));
            firstRow += rows;
        }
        return new ImportedCorpus(root, CorpusFormat.ClipRetrieval, items, [], warnings, shards);
    }

    /// <summary>Each img_emb_N.npy with its metadata_N.parquet, by shard number; an unpaired file is an error naming it.</summary>
    private static List<(string Npy, string Metadata)> Pairs(string root)
    {
        if (!Directory.Exists(root))
            throw new CorpusImportException($"No such folder: {root}");
        var npys = Numbered(Path.Combine(root, EmbeddingsFolder), NpyName());
        var metas = Numbered(Path.Combine(root, MetadataFolder), MetadataName());
        if (npys.Count == 0)
            throw new CorpusImportException($"{root}: no {EmbeddingsFolder}/img_emb_N.npy files found.");
        foreach (var n in npys.Keys.Where(n => !metas.ContainsKey(n)))
            throw new CorpusImportException($"{ImportPaths.Relative(root, npys[n])} has no matching {MetadataFolder}/metadata_{n}.parquet.");
        foreach (var n in metas.Keys.Where(n => !npys.ContainsKey(n)))
            throw new CorpusImportException($"{ImportPaths.Relative(root, metas[n])} has no matching {EmbeddingsFolder}/img_emb_{n}.npy.");
        return npys.Select(p => (p.Value, metas[p.Key])).ToList();
    }

    private static int ShardNumber(string npyPath) =>
        int.Parse(NpyName().Match(Path.GetFileName(npyPath)).Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture);

    private static (long Rows, int Columns, NpyDType DType) NpyShape(string root, string npyPath)
    {
        try
        {
            using var npy = NpyFile.Open(npyPath);
            return (npy.Rows, npy.Columns, npy.DType);
        }
        catch (Exception e) when (e is NpyFormatException or IOException or UnauthorizedAccessException)
        {
            throw new CorpusImportException($"{ImportPaths.Relative(root, npyPath)}: not a readable embeddings file: {e.Message}", e);
        }
    }

    /// <summary>The shards' one width; a shard of another width is an error naming both files.</summary>
    private static int SameWidth(string root, string npyPath, int columns, int? width, string firstPath) =>
        width is { } w && columns != w
            ? throw new CorpusImportException(
                $"{ImportPaths.Relative(root, npyPath)} has {columns} columns but {ImportPaths.Relative(root, firstPath)} has {w}; all shards must have the same width.")
            : columns;

    private static void RowsAgree(string root, string metaPath, long metaRows, string npyPath, long rows)
    {
        if (metaRows != rows)
            throw new CorpusImportException(
                $"Row counts differ: {ImportPaths.Relative(root, metaPath)} has {metaRows} rows but {ImportPaths.Relative(root, npyPath)} has {rows}; they must match row for row.");
    }

    private static long RowCount(ParquetReader reader)
    {
        long rows = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            rows += group.RowCount;
        }
        return rows;
    }

    private static FileStream OpenMetadata(string path, string name)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CorpusImportException($"{name}: not a readable parquet file: {e.Message}", e);
        }
    }

    private static bool Unreadable(Exception e) => e is not (CorpusImportException or OperationCanceledException) && e is IOException or ParquetException
        or InvalidDataException or NotSupportedException or FormatException or ArgumentException or IndexOutOfRangeException or InvalidOperationException;

    private static SortedDictionary<int, string> Numbered(string folder, Regex pattern)
    {
        var result = new SortedDictionary<int, string>();
        if (!Directory.Exists(folder))
            return result;
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            var match = pattern.Match(Path.GetFileName(file));
            if (match.Success && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                if (!result.TryAdd(n, file))
                    throw new CorpusImportException($"{file} and {result[n]} are both shard {n}.");
            }
        }
        return result;
    }

    private static int? ParseInt(string? s) =>
        s is not null && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d >= 0 && d <= int.MaxValue && d == Math.Floor(d)
            ? (int)d
            : null;

    /// <summary>A metadata parquet read into invariant strings, column by column. Column names are lower-cased.</summary>
    private sealed class Table
    {
        public long Rows;
        public readonly Dictionary<string, string?[]> Columns = new(StringComparer.Ordinal);
        public readonly List<string> Ignored = [];

        public string? Get(string column, int row) => Columns.TryGetValue(column, out var values) ? values[row] : null;
    }

    private static async Task<Table> ReadMetadataAsync(string path, string name, CancellationToken ct)
    {
        try
        {
            await using var stream = OpenMetadata(path, name);
            await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: ct).ConfigureAwait(false);
            var fields = reader.Schema.GetDataFields();
            var table = new Table();
            var wanted = new List<(string Column, DataField Field)>();
            foreach (var field in fields)
            {
                var column = field.Name.ToLowerInvariant();
                // LAION's own parquet files call them URL and TEXT.
                if (column == "text" && !fields.Any(f => f.Name.Equals("caption", StringComparison.OrdinalIgnoreCase)))
                    column = "caption";
                if (field.IsArray || field.MaxRepetitionLevel > 0 || field.Path.Length > 1 || !Readable(field.ClrType))
                    table.Ignored.Add(field.Name);
                else if (!table.Columns.ContainsKey(column))
                    wanted.Add((column, field));
            }
            foreach (var required in new[] { "url", "caption" })
            {
                if (!wanted.Any(w => w.Column == required))
                    throw new CorpusImportException(
                        $"{name} has no '{required}' column (columns: {string.Join(", ", fields.Select(f => f.Name))}).");
            }
            table.Rows = RowCount(reader);
            if (table.Rows > int.MaxValue)
                throw new CorpusImportException($"{name}: {table.Rows} rows is more than one shard can hold.");
            foreach (var (column, _) in wanted)
                table.Columns[column] = new string?[table.Rows];

            var start = 0;
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                var count = checked((int)group.RowCount);
                foreach (var (column, field) in wanted)
                    await ReadColumnAsync(group, field, table.Columns[column].AsMemory(start, count), ct).ConfigureAwait(false);
                start += count;
            }
            return table;
        }
        catch (Exception e) when (Unreadable(e))
        {
            throw new CorpusImportException($"{name}: not a readable parquet file: {e.Message}", e);
        }
    }

    private static bool Readable(Type type) =>
        IsString(type) || type == typeof(bool) || type == typeof(int) || type == typeof(long) || type == typeof(short)
        || type == typeof(sbyte) || type == typeof(byte) || type == typeof(ushort) || type == typeof(uint) || type == typeof(ulong)
        || type == typeof(float) || type == typeof(double) || type == typeof(decimal) || type == typeof(DateTime);

    // Parquet.Net 6 reports UTF-8 columns as ReadOnlyMemory<char>; ReadAsync(field, Memory<string?>) reads them as strings.
    private static bool IsString(Type type) => type == typeof(string) || type == typeof(ReadOnlyMemory<char>);

    private static Task ReadColumnAsync(ParquetRowGroupReader group, DataField field, Memory<string?> into, CancellationToken ct)
    {
        var type = field.ClrType;
        if (IsString(type)) return ReadStringsAsync(group, field, into, ct);
        if (type == typeof(bool)) return ReadValuesAsync<bool>(group, field, into, ct);
        if (type == typeof(int)) return ReadValuesAsync<int>(group, field, into, ct);
        if (type == typeof(long)) return ReadValuesAsync<long>(group, field, into, ct);
        if (type == typeof(short)) return ReadValuesAsync<short>(group, field, into, ct);
        if (type == typeof(sbyte)) return ReadValuesAsync<sbyte>(group, field, into, ct);
        if (type == typeof(byte)) return ReadValuesAsync<byte>(group, field, into, ct);
        if (type == typeof(ushort)) return ReadValuesAsync<ushort>(group, field, into, ct);
        if (type == typeof(uint)) return ReadValuesAsync<uint>(group, field, into, ct);
        if (type == typeof(ulong)) return ReadValuesAsync<ulong>(group, field, into, ct);
        if (type == typeof(float)) return ReadValuesAsync<float>(group, field, into, ct);
        if (type == typeof(double)) return ReadValuesAsync<double>(group, field, into, ct);
        if (type == typeof(decimal)) return ReadValuesAsync<decimal>(group, field, into, ct);
        if (type == typeof(DateTime)) return ReadValuesAsync<DateTime>(group, field, into, ct);
        throw new NotSupportedException($"column '{field.Name}' of type {type.Name}");
    }

    private static async Task ReadStringsAsync(ParquetRowGroupReader group, DataField field, Memory<string?> into, CancellationToken ct)
    {
        await group.ReadAsync(field, into, null, ct).ConfigureAwait(false);
    }

    private static async Task ReadValuesAsync<T>(ParquetRowGroupReader group, DataField field, Memory<string?> into, CancellationToken ct)
        where T : struct
    {
        if (field.IsNullable)
        {
            var values = new T?[into.Length];
            await group.ReadAsync(field, values.AsMemory(), null, ct).ConfigureAwait(false);
            for (var i = 0; i < values.Length; i++)
                into.Span[i] = values[i] is { } v ? Format(v) : null;
        }
        else
        {
            var values = new T[into.Length];
            await group.ReadAsync(field, values.AsMemory(), null, ct).ConfigureAwait(false);
            for (var i = 0; i < values.Length; i++)
                into.Span[i] = Format(values[i]);
        }
    }

    private static string Format<T>(T value) where T : struct => value switch
    {
        bool b => b ? "true" : "false",
        DateTime dt => dt.ToString("O", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
