using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SaeExplorer.Testing;

/// <summary>A small corpus pack (JPEGs + manifest.csv) in the demo pack's format, written by the test.</summary>
public static class TinyPack
{
    public static readonly string[] Categories = ["red", "green", "blue", "stripes"];

    /// <summary>Writes <paramref name="count"/> distinct images plus any extra (e.g. broken) files listed.</summary>
    public static string Write(string folder, int count, IReadOnlyDictionary<string, byte[]>? extraFiles = null)
    {
        Directory.CreateDirectory(Path.Combine(folder, "images"));
        var rows = new List<string> { "id,file,category,subcategory,description,source,licence" };
        for (var i = 0; i < count; i++)
        {
            var category = Categories[i % Categories.Length];
            var file = $"images/{i:D5}.jpg";
            using (var image = Draw(i, category)) image.SaveAsJpeg(Path.Combine(folder, file));
            rows.Add($"{i:D5},{file},{category},tiny,\"a {category} test picture, number {i}\",test,CC0");
        }
        foreach (var (name, bytes) in extraFiles ?? new Dictionary<string, byte[]>())
        {
            File.WriteAllBytes(Path.Combine(folder, "images", name), bytes);
            rows.Add($"{Path.GetFileNameWithoutExtension(name)},images/{name},broken,,,test,CC0");
        }
        File.WriteAllLines(Path.Combine(folder, "manifest.csv"), rows);
        return folder;
    }

    /// <summary>
    /// The category of a picture <see cref="Draw"/> made (or a thumbnail of one), by its mean colour: a channel that
    /// clearly leads names red, green or blue; a grey mean is stripes. What a stand-in vision model "sees".
    /// </summary>
    public static string CategoryOf(byte[] picture)
    {
        using var image = Image.Load<Rgb24>(picture);
        double r = 0, g = 0, b = 0;
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
                foreach (var p in rows.GetRowSpan(y)) (r, g, b) = (r + p.R, g + p.G, b + p.B);
        });
        double[] mean = [r, g, b];
        return mean.Max() - mean.Min() < 0.2 * mean.Max() ? "stripes" : Categories[Array.IndexOf(mean, mean.Max())];
    }

    /// <summary>A coloured field with stripes or a bright disc, different for every i.</summary>
    public static Image<Rgb24> Draw(int i, string category)
    {
        var image = new Image<Rgb24>(96 + 8 * (i % 5), 80);
        var shade = (byte)(90 + 37 * i % 160);
        var field = category switch
        {
            "red" => new Rgb24(shade, 20, 30),
            "green" => new Rgb24(20, shade, 40),
            "blue" => new Rgb24(30, 40, shade),
            _ => new Rgb24(240, 240, 240),
        };
        int cx = 20 + 7 * i % 60, cy = 40, r = 10 + i % 9;
        for (var y = 0; y < image.Height; y++)
            for (var x = 0; x < image.Width; x++)
            {
                var inDisc = (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r;
                var stripe = category == "stripes" && x % 12 < 5;
                image[x, y] = inDisc ? new Rgb24(255, 255, 255) : stripe ? new Rgb24(0, 0, 0) : field;
            }
        return image;
    }
}
