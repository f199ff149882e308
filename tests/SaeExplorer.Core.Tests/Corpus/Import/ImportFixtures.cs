using System.Formats.Tar;
using System.Text;
using Parquet;
using Parquet.Schema;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Tests.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SaeExplorer.Core.Tests.Corpus.Import;

/// <summary>Writes the corpus layouts that img2dataset and clip-retrieval produce, small, into a test folder.</summary>
internal static class ImportFixtures
{
    public static byte[] Jpeg(int width, int height, byte shade)
    {
        using var image = TestImages.Solid(width, height, new Rgb24(shade, 100, 50));
        using var ms = new MemoryStream();
        image.SaveAsJpeg(ms);
        return ms.ToArray();
    }

    public static byte[] Png(int width, int height, byte shade)
    {
        using var image = TestImages.Solid(width, height, new Rgb24(20, shade, 200));
        using var ms = new MemoryStream();
        image.SaveAsPng(ms);
        return ms.ToArray();
    }

    public static string Json(string key, string url, string? caption, string status = "success", int width = 8, int height = 6, string? error = null) =>
        $$"""
        {"url": "{{url}}", "caption": {{(caption is null ? "null" : $"\"{caption}\"")}}, "key": "{{key}}", "status": "{{status}}",
         "error_message": {{(error is null ? "null" : $"\"{error}\"")}}, "width": {{width}}, "height": {{height}},
         "original_width": {{width * 10}}, "original_height": {{height * 10}}, "exif": "{}", "sha256": "abc", "similarity": 0.31}
        """;

    public static void WriteFile(string root, string relative, byte[] bytes)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    public static void WriteFile(string root, string relative, string text) => WriteFile(root, relative, Encoding.UTF8.GetBytes(text));

    /// <summary>A tar of the given members, in order, pax format (long names get pax 'path' records).</summary>
    public static void WriteTar(string path, params (string Name, byte[] Data)[] members)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = File.Create(path);
        using var writer = new TarWriter(stream, TarEntryFormat.Pax);
        foreach (var (name, data) in members)
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) };
            writer.WriteEntry(entry);
        }
    }

    public static void WriteNpy(string path, float[][] rows, NpyDType dtype = NpyDType.Float16)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var writer = NpyWriter.Create(path, rows[0].Length, dtype);
        foreach (var row in rows)
            writer.WriteRow(row);
        writer.Complete();
    }

    /// <summary>A metadata parquet with the given string columns (null values allowed) and an optional double column.</summary>
    public static async Task WriteParquetAsync(string path, IReadOnlyDictionary<string, string?[]> columns, (string Name, double[] Values)? numbers = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var stringFields = columns.Keys.Select(k => new DataField<string>(k)).ToList();
        var fields = new List<Field>(stringFields);
        DataField<double>? numberField = numbers is { } n ? new DataField<double>(n.Name) : null;
        if (numberField is not null)
            fields.Add(numberField);
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
        using var group = writer.CreateRowGroup();
        foreach (var field in stringFields)
            await group.WriteAsync(field, columns[field.Name]!);
        if (numberField is not null)
            await group.WriteAsync<double>(numberField, numbers!.Value.Values.AsMemory());
    }
}
