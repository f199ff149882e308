using System.Formats.Tar;
using System.Text;
using Parquet;
using Parquet.Schema;
using SaeExplorer.Core.Corpus;
using SaeExplorer.Core.Embeddings;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using static SaeExplorer.Cli.Tests.CliRunner;

namespace SaeExplorer.Cli.Tests;

public sealed class ImportCorpusCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("saex-import-").FullName;

    private static byte[] Picture(int shade, bool png = false)
    {
        using var image = new Image<Rgb24>(64, 48);
        for (var y = 0; y < image.Height; y++)
            for (var x = 0; x < image.Width; x++)
                image[x, y] = x < 20 + shade % 30 ? new Rgb24((byte)shade, 40, 200) : new Rgb24(250, (byte)(255 - shade), 10);
        using var ms = new MemoryStream();
        if (png) image.SaveAsPng(ms); else image.SaveAsJpeg(ms);
        return ms.ToArray();
    }

    private static string Json(string key, string url, string status = "success") =>
        $$"""{"url": "{{url}}", "caption": null, "key": "{{key}}", "status": "{{status}}", "error_message": {{(status == "success" ? "null" : "\"HTTP 404\"")}}, "width": 64, "height": 48}""";

    private void Write(string relative, byte[] bytes)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    private void Write(string relative, string text) => Write(relative, Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task AnImg2DatasetFolderBecomesAManifestWithCaptionsAndA2By512Npy()
    {
        Write("corpus/00000/000000000.jpg", Picture(60));
        Write("corpus/00000/000000000.txt", "a red square, on blue\n");
        Write("corpus/00000/000000000.json", Json("000000000", "https://example.org/a.jpg"));
        Write("corpus/00000/000000001.png", Picture(180, png: true));
        Write("corpus/00000/000000001.txt", "two \"quoted\" words");
        Write("corpus/00000/000000001.json", Json("000000001", "https://example.org/b.png"));
        Write("corpus/00000/000000002.json", Json("000000002", "https://example.org/c.jpg", status: "failed_to_download"));
        var outDir = Path.Combine(_dir, "pack");

        var (code, output) = await RunAsync("import-corpus", Path.Combine(_dir, "corpus"), "--out", outDir);

        Assert.True(code == 0, output);
        var manifest = CorpusManifest.Read(Path.Combine(outDir, "manifest.csv"));
        Assert.Equal(["000000000", "000000001"], manifest.Select(e => e.Id));
        Assert.Equal(["a red square, on blue", "two \"quoted\" words"], manifest.Select(e => e.Description));
        Assert.Equal(["https://example.org/a.jpg", "https://example.org/b.png"], manifest.Select(e => e.Source));
        Assert.Equal(["images/000000000.jpg", "images/000000001.png"], manifest.Select(e => e.File));
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(_dir, "corpus/00000/000000001.png")),
            await File.ReadAllBytesAsync(Path.Combine(outDir, "images/000000001.png")));
        using (var npy = NpyFile.Open(Path.Combine(outDir, "embeddings.npy")))
        {
            Assert.Equal((2L, 512, NpyDType.Float32), (npy.Rows, npy.Columns, npy.DType));
            Assert.Equal(["000000000", "000000001"], RowIdMap.Read(npy));
        }
        Assert.Contains("download status 'failed_to_download'", output);
        Assert.Contains("000000002", output);
        Assert.Contains("2 x 512 float32", output);
        // The pack is a corpus in its own right: importing it again as a manifest finds the same items.
        var again = await Core.Corpus.Import.CorpusImporter.ImportAsync(outDir);
        Assert.Equal(2, again.Items.Count);
        Assert.Empty(again.Skipped);
    }

    [Fact]
    public async Task AWebDatasetTarIsEncodedFromItsMembers()
    {
        var tar = Path.Combine(_dir, "wds", "00000.tar");
        Directory.CreateDirectory(Path.GetDirectoryName(tar)!);
        using (var stream = File.Create(tar))
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax))
        {
            void Add(string name, byte[] data) => writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
            Add("000000000.jpg", Picture(30));
            Add("000000000.txt", "first"u8.ToArray());
            Add("000000000.json", Encoding.UTF8.GetBytes(Json("000000000", "https://example.org/1.jpg")));
            Add("000000001.jpg", "not a picture"u8.ToArray());
            Add("000000001.json", Encoding.UTF8.GetBytes(Json("000000001", "https://example.org/2.jpg")));
        }
        var outDir = Path.Combine(_dir, "pack");

        var (code, output) = await RunAsync("import-corpus", Path.Combine(_dir, "wds"), "--out", outDir, "--format", "webdataset");

        Assert.True(code == 0, output);
        var manifest = CorpusManifest.Read(Path.Combine(outDir, "manifest.csv"));
        var entry = Assert.Single(manifest);
        Assert.Equal(("000000000", "first", "images/000000000.jpg"), (entry.Id, entry.Description, entry.File));
        using (var npy = NpyFile.Open(Path.Combine(outDir, "embeddings.npy")))
            Assert.Equal((1L, 512), (npy.Rows, npy.Columns));
        Assert.Contains("not an image (unknown format)", output);
    }

    [Fact]
    public async Task AClipRetrievalLayoutShipsItsFloat16EmbeddingsAsFloat16InItemOrder()
    {
        var random = new Random(3);
        float[][] Rows(int n) => Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, 8).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray()).ToArray();
        var shard0 = Rows(3);
        var shard1 = Rows(2);
        WriteNpy(Path.Combine(_dir, "clip/img_emb/img_emb_0.npy"), shard0);
        WriteNpy(Path.Combine(_dir, "clip/img_emb/img_emb_1.npy"), shard1);
        await WriteParquetAsync(Path.Combine(_dir, "clip/metadata/metadata_0.parquet"), new()
        {
            ["url"] = ["https://example.org/0.jpg", "https://example.org/1.jpg", "https://example.org/2.jpg"],
            ["caption"] = ["zero", "one, with a comma", null],
        });
        await WriteParquetAsync(Path.Combine(_dir, "clip/metadata/metadata_1.parquet"), new()
        {
            ["url"] = ["https://example.org/3.jpg", "https://example.org/4.jpg"],
            ["caption"] = ["three", "four"],
        });
        var outDir = Path.Combine(_dir, "pack");

        var (code, output) = await RunAsync("import-corpus", Path.Combine(_dir, "clip"), "--out", outDir);

        Assert.True(code == 0, output);
        // What the shipped float16 rows are, read as float32.
        var expected = new List<float>();
        foreach (var name in new[] { "img_emb_0.npy", "img_emb_1.npy" })
        {
            using var shipped = NpyFile.Open(Path.Combine(_dir, "clip/img_emb", name));
            Assert.Equal(NpyDType.Float16, shipped.DType);
            var values = new float[shipped.Rows * shipped.Columns];
            shipped.ReadRows(0, (int)shipped.Rows, values);
            expected.AddRange(values);
        }
        using (var npy = NpyFile.Open(Path.Combine(outDir, "embeddings.npy")))
        {
            Assert.Equal((5L, 8, NpyDType.Float16), (npy.Rows, npy.Columns, npy.DType)); // no float32 copy doubles the disk
            var actual = new float[5 * 8];
            npy.ReadRows(0, 5, actual);
            Assert.Equal(expected, actual);
            Assert.Equal(5, RowIdMap.Read(npy).Length);
        }
        var lines = await File.ReadAllLinesAsync(Path.Combine(outDir, "manifest.csv"));
        Assert.Equal("id,file,category,subcategory,description,source,licence", lines[0]);
        Assert.Equal(6, lines.Length);
        Assert.Contains(",,,,\"one, with a comma\",https://example.org/1.jpg,", lines[2]);
        Assert.EndsWith(",,,,,https://example.org/2.jpg,", lines[3]);
        Assert.Contains("5 x 8 float16 (shipped with the corpus)", output);
    }

    [Fact]
    public async Task ANonCorpusFolderIsAClearError()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "empty"));
        var (code, output) = await RunAsync("import-corpus", Path.Combine(_dir, "empty"), "--out", Path.Combine(_dir, "pack"));
        Assert.Equal(2, code);
        Assert.Contains("not a corpus layout I know", output);
    }

    [Fact]
    public async Task AnUnknownFormatIsAUsageError()
    {
        var (code, output) = await RunAsync("import-corpus", _dir, "--out", Path.Combine(_dir, "pack"), "--format", "zip");
        Assert.NotEqual(0, code);
        Assert.Contains("zip", output);
    }

    private static void WriteNpy(string path, float[][] rows)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var writer = NpyWriter.Create(path, rows[0].Length, NpyDType.Float16);
        foreach (var row in rows) writer.WriteRow(row);
        writer.Complete();
    }

    private static async Task WriteParquetAsync(string path, Dictionary<string, string?[]> columns)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var fields = columns.Keys.Select(k => new DataField<string>(k)).ToList();
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields.Cast<Field>().ToList()), stream);
        using var group = writer.CreateRowGroup();
        foreach (var field in fields)
            await group.WriteAsync(field, columns[field.Name]!);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
