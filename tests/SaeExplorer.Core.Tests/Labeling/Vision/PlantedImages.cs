using SaeExplorer.Core.Tests.Labeling;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SaeExplorer.Core.Tests.Labeling.Vision;

/// <summary>
/// Pictures for the planted corpus (linked into the CLI and web tests): each image a flat square in its category's
/// colour, and a stand-in "vision model" that names the category whose colour the first top image has, so a labeller
/// that shows the right images gets the right names.
/// </summary>
internal static class PlantedImages
{
    private static readonly Rgb24[] Colours =
        [new(220, 30, 30), new(30, 30, 220), new(30, 200, 30), new(230, 220, 40), new(200, 40, 200), new(40, 210, 210)];

    /// <summary>What the stand-in model calls each category (the caption nouns, so the free-text rule matches them).</summary>
    public static readonly string[] Names = ["bird", "boat", "car", "flower", "house", "tool"];

    public static byte[] Png(int category)
    {
        using var image = new Image<Rgb24>(16, 16, Colours[category]);
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    /// <summary>The category of the planted corpus's row (categories are interleaved).</summary>
    public static int CategoryOfRow(int row) => row % PlantedCorpus.Categories.Length;

    /// <summary>The category whose colour the picture is (nearest in RGB).</summary>
    public static int CategoryOf(byte[] picture)
    {
        using var image = Image.Load<Rgb24>(picture);
        var pixel = image[image.Width / 2, image.Height / 2];
        return Enumerable.Range(0, Colours.Length)
            .MinBy(c => Math.Pow(pixel.R - Colours[c].R, 2) + Math.Pow(pixel.G - Colours[c].G, 2) + Math.Pow(pixel.B - Colours[c].B, 2));
    }

    /// <summary>A stand-in model's reply: the name of the first top image's category.</summary>
    public static StandInReply NameTheColour(ChatRequest request) =>
        new StandInReply.Text(Names[CategoryOf(ChatRequest.Bytes(request.ImagesAfter(Core.Labeling.Vision.VisionLabeler.TopHeading)[0]))]);

    /// <summary>Writes every entry's picture at its manifest path under <paramref name="folder"/>.</summary>
    public static void Write(PlantedCorpus corpus, string folder)
    {
        for (var row = 0; row < corpus.Rows; row++)
        {
            var path = Path.Combine(folder, corpus.Entries[row].File);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, Png(CategoryOfRow(row)));
        }
    }
}
