using System.CommandLine;
using System.Text;
using Microsoft.Extensions.Configuration;
using SaeExplorer.Core.Corpus;
using SaeExplorer.Core.Corpus.Import;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Spectre.Console;

namespace SaeExplorer.Cli.Commands;

/// <summary>
/// `saex import-corpus`: a corpus in any layout <see cref="CorpusImporter"/> knows, turned into a self-contained pack in
/// --out: manifest.csv, images/ (copies of the local images, tar members extracted), embeddings.npy and
/// embeddings.ids.txt. Row i of the embeddings is manifest row i (same id).
/// <para>
/// manifest.csv has the usual columns id,file,category,subcategory,description,source,licence: description is the
/// caption, source the item's URL when it has one (else the source's own 'source'), file "images/&lt;id&gt;.&lt;ext&gt;", or
/// empty for an item known only by URL (clip-retrieval rows without a local image_path: they are kept because their
/// embedding is shipped).
/// </para>
/// <para>
/// Embeddings: for clip-retrieval the shipped img_emb shards, concatenated in item order and converted to float32;
/// for every other layout the local images encoded with the ONNX encoder (as `saex encode`). Items with neither a
/// local image nor an embedding, and images that do not decode, are listed as skipped.
/// </para>
/// </summary>
public static class ImportCorpusCommand
{
    public const string EmbeddingsFile = "embeddings.npy";
    public const string ImagesFolder = "images";
    private const int EncodeBatch = 16;

    private static readonly Dictionary<string, CorpusFormat?> Formats = new(StringComparer.Ordinal)
    {
        ["auto"] = null,
        ["manifest"] = CorpusFormat.Manifest,
        ["folder"] = CorpusFormat.ImageFolder,
        ["img2dataset"] = CorpusFormat.Img2DatasetFolder,
        ["webdataset"] = CorpusFormat.WebDataset,
        ["clip-retrieval"] = CorpusFormat.ClipRetrieval,
    };

    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "The corpus folder (or its manifest.csv)." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for manifest.csv, images/, embeddings.npy and embeddings.ids.txt.", Required = true };
        var model = new Option<string?>("--model") { Description = "Encoder preset: resnet18 or clip-vit-bigg-14 (default: Encoder:Preset). Not used when the corpus ships embeddings." };
        var modelPath = new Option<FileInfo?>("--model-path") { Description = "ONNX model file (default: Encoder:ModelPath, else the packaged ResNet18)." };
        var format = new Option<string>("--format") { Description = "Corpus layout: " + string.Join(", ", Formats.Keys) + ".", DefaultValueFactory = _ => "auto" };
        format.AcceptOnlyFromAmong([.. Formats.Keys]);

        var command = new Command("import-corpus",
            "Import a corpus (manifest, image folder, img2dataset files or webdataset, clip-retrieval) into a pack: " +
            "manifest.csv (description = caption, source = URL; file empty for URL-only items), images/, embeddings.npy + embeddings.ids.txt.")
        {
            path, output, model, modelPath, format,
        };
        command.SetAction((parse, ct) => Task.FromResult(Cli.Guard(() => Run(
            parse.GetRequiredValue(path), parse.GetRequiredValue(output).FullName, parse.GetValue(model), parse.GetValue(modelPath),
            Formats[parse.GetValue(format) ?? "auto"], ct).GetAwaiter().GetResult())));
        return command;
    }

    private static async Task<int> Run(string path, string outDir, string? preset, FileInfo? modelPath, CorpusFormat? format, CancellationToken ct)
    {
        var corpus = await CorpusImporter.ImportAsync(path, format, ct).ConfigureAwait(false);
        AnsiConsole.MarkupLineInterpolated($"read {corpus.Items.Count} items ({corpus.Format}) from {corpus.Root}");
        if (Path.GetFullPath(outDir).TrimEnd(Path.DirectorySeparatorChar) == corpus.Root.TrimEnd(Path.DirectorySeparatorChar))
            throw new ArgumentException($"--out must not be the corpus folder itself ({corpus.Root})");
        foreach (var w in corpus.Warnings)
            AnsiConsole.MarkupLineInterpolated($"[yellow]warning:[/] {w}");

        var config = CliSettings.Load();
        var loader = CliSettings.ImageLoader(config);
        var skipped = corpus.Skipped.Select(s => (Location: s.Location, Id: s.Id, Reason: s.Reason)).ToList();
        Directory.CreateDirectory(Path.Combine(outDir, ImagesFolder));
        var pack = new Pack(outDir);

        var shipped = corpus.EmbeddingShards.Count > 0;
        IImageEncoder? encoder = null;
        if (!shipped && corpus.Items.Any(i => i.HasLocalImage))
        {
            try
            {
                encoder = OnnxImageEncoder.Open(CliSettings.Encoder(config, preset, modelPath), message => AnsiConsole.MarkupLineInterpolated($"[grey]{message}[/]"));
            }
            catch (Exception e) when (e is FileNotFoundException or ArgumentException or InvalidDataException or InvalidOperationException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                return 2;
            }
        }
        else if (shipped && (preset is not null || modelPath is not null))
        {
            AnsiConsole.MarkupLine("[grey]the corpus ships its embeddings: --model/--model-path are not used[/]");
        }

        var dimension = shipped ? corpus.EmbeddingShards[0].Columns : encoder?.Dimension ?? 0;
        var npyPath = Path.Combine(outDir, EmbeddingsFile);
        try
        {
            NpyWriter? writer = dimension > 0 ? NpyWriter.Create(npyPath, dimension, NpyDType.Float32, withRowIds: true) : null;
            using (writer)
            {
                AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                    .Start(progress =>
                    {
                        var label = shipped ? "copy shipped embeddings" : encoder is null ? "import" : $"encode ({encoder.Preset.Name}, {encoder.ExecutionProvider})";
                        var task = progress.AddTask(label, maxValue: Math.Max(1, corpus.Items.Count));
                        if (shipped) CopyShipped(corpus, pack, writer!, skipped, n => task.Value = n, ct);
                        else EncodeLocal(corpus, pack, encoder, loader, writer, skipped, n => task.Value = n, ct);
                        task.Value = task.MaxValue;
                    });
                writer?.Complete();
            }
        }
        finally
        {
            (encoder as IDisposable)?.Dispose();
        }
        pack.WriteManifest();

        if (skipped.Count > 0)
        {
            var table = new Table().AddColumn("skipped").AddColumn("id").AddColumn("reason");
            foreach (var s in skipped) table.AddRow(Markup.Escape(s.Location), Markup.Escape(s.Id ?? ""), Markup.Escape(s.Reason));
            AnsiConsole.Write(table);
        }
        var summary = new Table().HideHeaders().AddColumn("").AddColumn("");
        summary.AddRow("layout", corpus.Format.ToString());
        summary.AddRow("items imported", $"{pack.Rows} of {corpus.Items.Count + corpus.Skipped.Count}");
        summary.AddRow("with local image", $"{pack.LocalImages} (copied to {Path.Combine(outDir, ImagesFolder)})");
        summary.AddRow("skipped", $"{skipped.Count}");
        summary.AddRow("warnings", $"{corpus.Warnings.Count}");
        summary.AddRow("embeddings", dimension > 0
            ? $"{pack.Rows} x {dimension} float32 ({(shipped ? "shipped with the corpus" : "encoded")}) in {npyPath}"
            : "none written (nothing to encode)");
        AnsiConsole.Write(summary);
        AnsiConsole.MarkupLineInterpolated($"wrote {Path.Combine(outDir, CorpusManifest.FileName)}");
        return pack.Rows > 0 || corpus.Items.Count + corpus.Skipped.Count == 0 ? 0 : 1;
    }

    /// <summary>clip-retrieval: every item's shipped row, in item order (float16 becomes float32); local images are copied too.</summary>
    private static void CopyShipped(ImportedCorpus corpus, Pack pack, NpyWriter writer, List<(string, string?, string)> skipped,
        Action<int> progress, CancellationToken ct)
    {
        var shards = new NpyFile?[corpus.EmbeddingShards.Count];
        var row = new float[writer.Columns];
        try
        {
            for (var i = 0; i < corpus.Items.Count; i++)
            {
                ct.ThrowIfCancellationRequested();
                var item = corpus.Items[i];
                if (item.Embedding is not { } e)
                {
                    skipped.Add((item.Image?.ToString() ?? item.Url ?? item.Id, item.Id, "no shipped embedding for this item"));
                    continue;
                }
                var shard = shards[e.Shard] ??= NpyFile.Open(corpus.EmbeddingShards[e.Shard].NpyPath);
                shard.ReadRow(e.Row, row);
                byte[]? bytes = null;
                if (item.HasLocalImage)
                {
                    try
                    {
                        bytes = corpus.ReadImageBytes(item);
                    }
                    catch (Exception x) when (x is IOException or UnauthorizedAccessException)
                    {
                        AnsiConsole.MarkupLineInterpolated($"[yellow]warning:[/] {item.Image}: not copied ({x.Message}); the item keeps its URL only");
                    }
                }
                if (pack.TryAdd(item, row, bytes, writer, out var reason) is false)
                    skipped.Add((item.Image?.ToString() ?? item.Url ?? item.Id, item.Id, reason!));
                progress(i + 1);
            }
        }
        finally
        {
            foreach (var s in shards) s?.Dispose();
        }
    }

    /// <summary>Every other layout: local images decoded and encoded in batches, rows in item order.</summary>
    private static void EncodeLocal(ImportedCorpus corpus, Pack pack, IImageEncoder? encoder, ImageLoader loader, NpyWriter? writer,
        List<(string, string?, string)> skipped, Action<int> progress, CancellationToken ct)
    {
        var batch = new List<(CorpusItem Item, Image<Rgb24> Image, byte[] Bytes)>(EncodeBatch);
        void Flush()
        {
            if (batch.Count == 0) return;
            var vectors = encoder!.EncodeBatch(batch.Select(b => b.Image).ToList());
            for (var j = 0; j < batch.Count; j++)
            {
                if (!pack.TryAdd(batch[j].Item, vectors[j], batch[j].Bytes, writer!, out var reason))
                    skipped.Add((batch[j].Item.Image!.ToString()!, batch[j].Item.Id, reason!));
            }
            foreach (var b in batch) b.Image.Dispose();
            batch.Clear();
        }
        try
        {
            for (var i = 0; i < corpus.Items.Count; i++)
            {
                ct.ThrowIfCancellationRequested();
                var item = corpus.Items[i];
                if (!item.HasLocalImage || encoder is null)
                {
                    skipped.Add((item.Url ?? item.Id, item.Id, "no local image and no shipped embedding (known only by URL)"));
                }
                else if (TryLoad(corpus, item, loader, out var image, out var bytes, out var reason))
                {
                    batch.Add((item, image!, bytes!));
                    if (batch.Count == EncodeBatch) Flush();
                }
                else
                {
                    skipped.Add((item.Image!.ToString()!, item.Id, reason!));
                }
                progress(i + 1);
            }
            Flush();
        }
        finally
        {
            foreach (var b in batch) b.Image.Dispose();
        }
    }

    private static bool TryLoad(ImportedCorpus corpus, CorpusItem item, ImageLoader loader,
        out Image<Rgb24>? image, out byte[]? bytes, out string? reason)
    {
        image = null;
        bytes = null;
        reason = null;
        try
        {
            using (var stream = corpus.OpenImage(item))
            {
                if (stream.Length > loader.Limits.MaxBytes)
                {
                    reason = $"image is {stream.Length} bytes; the limit is {loader.Limits.MaxBytes}";
                    return false;
                }
                bytes = new byte[stream.Length];
                stream.ReadExactly(bytes);
            }
            using var memory = new MemoryStream(bytes, writable: false);
            image = loader.Load(memory);
            return true;
        }
        catch (ImageRejectedException e)
        {
            reason = e.Reason;
        }
        catch (FileNotFoundException)
        {
            reason = "file not found";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reason = $"unreadable: {e.Message}";
        }
        return false;
    }

    /// <summary>The output pack: image copies, rows, and the manifest entries in row order.</summary>
    private sealed class Pack(string folder)
    {
        private readonly List<ManifestEntry> entries = [];
        private readonly HashSet<string> names = new(StringComparer.OrdinalIgnoreCase);

        public int Rows => entries.Count;

        public int LocalImages { get; private set; }

        /// <summary>Writes the row (with the item's id) and the image copy, and lists the item; false with a reason if the id cannot be stored.</summary>
        public bool TryAdd(CorpusItem item, ReadOnlySpan<float> row, byte[]? imageBytes, NpyWriter writer, out string? reason)
        {
            reason = null;
            try
            {
                writer.WriteRow(row, item.Id);
            }
            catch (ArgumentException e)
            {
                reason = e.Message;
                return false;
            }
            var file = "";
            if (imageBytes is not null)
            {
                var name = FileName(item);
                File.WriteAllBytes(Path.Combine(folder, ImagesFolder, name), imageBytes);
                file = $"{ImagesFolder}/{name}";
                LocalImages++;
            }
            entries.Add(item.ToManifestEntry() with { File = file });
            return true;
        }

        public void WriteManifest()
        {
            var path = Path.Combine(folder, CorpusManifest.FileName);
            var sb = new StringBuilder("id,file,category,subcategory,description,source,licence\n");
            foreach (var e in entries)
                sb.AppendJoin(',', new[] { e.Id, e.File, e.Category, e.Subcategory, e.Description, e.Source, e.Licence }.Select(Csv)).Append('\n');
            File.WriteAllText(path + ".tmp", sb.ToString(), new UTF8Encoding(false));
            File.Move(path + ".tmp", path, overwrite: true);
        }

        /// <summary>The id made file-name safe, with the source's extension; unique within the pack.</summary>
        private string FileName(CorpusItem item)
        {
            var source = item.Image switch
            {
                FileImageLocator f => f.RelativePath,
                TarMemberLocator t => t.MemberName,
                _ => "",
            };
            var ext = Path.GetExtension(source).ToLowerInvariant();
            if (ext.Length is < 2 or > 6 || !ext[1..].All(char.IsAsciiLetterOrDigit)) ext = ".img";
            var stem = new string(item.Id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray()).Trim('.');
            if (stem.Length == 0) stem = "item";
            if (stem.Length > 100) stem = stem[..100];
            var name = stem + ext;
            for (var n = 1; !names.Add(name); n++) name = $"{stem}-{n}{ext}";
            return name;
        }

        private static string Csv(string? value)
        {
            if (string.IsNullOrEmpty(value)) return "";
            return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || value != value.Trim()
                ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
                : value;
        }

    }
}
