using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Encoders.Text;

namespace SaeExplorer.Core.Tests.Encoders.Text;

/// <summary>The text tower over the stand-in graphs: known embeddings, batching and padding, and what a wrong setup says.</summary>
public sealed class ClipTextEncoderTests
{
    private static float[] Sum(params float[][] vectors) => Enumerable.Range(0, TextTowerFixture.Dimension).Select(j => vectors.Sum(v => v[j])).ToArray();

    [Theory]
    [InlineData("text.onnx")] // dynamic sequence, with attention_mask
    [InlineData("text_fixed77.onnx")] // padded to 77, token ids only
    public void TextsEmbedToTheSumOfTheirTokensRows(string graph)
    {
        using var encoder = ClipTextEncoder.Open(TextTowerFixture.Options(graph));

        Assert.Equal(4, encoder.Dimension);
        Assert.Equal(TextTowerFixture.E(0), encoder.Encode("dog"));
        Assert.Equal(TextTowerFixture.E(0), encoder.Encode("Dogs!")); // "dog" + "s</w>" + "!</w>"
        Assert.Equal(Sum(TextTowerFixture.E(2), TextTowerFixture.E(3), TextTowerFixture.Photo), encoder.Encode("a photo of a red fish"));
        var batch = encoder.EncodeBatch(["dog", "a photo of a red fish", "cat cat", "unknown words"]);
        Assert.Equal([.. encoder.Encode("dog"), .. encoder.Encode("a photo of a red fish"), .. TextTowerFixture.E(1, 2f), .. new float[4]], batch);
    }

    [Fact]
    public void AMissingOrUnsetModelSaysWhichKeyAndPath()
    {
        Assert.Equal("no CLIP text tower configured (Encoder:TextModelPath)",
            Assert.Throws<InvalidOperationException>(() => ClipTextEncoder.Open(new EncoderOptions())).Message);

        var missing = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}", "text.onnx");
        var e = Assert.Throws<FileNotFoundException>(() => ClipTextEncoder.Open(new EncoderOptions { TextModelPath = missing }));
        Assert.Equal($"CLIP text tower not found: '{missing}'. Set Encoder:TextModelPath to the ONNX export of the text model with its projection (models are never downloaded).", e.Message);

        var alone = Directory.CreateTempSubdirectory("saex-text-").FullName;
        File.Copy(TextTowerFixture.File("text.onnx"), Path.Combine(alone, "text.onnx"));
        var noVocab = Assert.Throws<FileNotFoundException>(() => ClipTextEncoder.Open(new EncoderOptions { TextModelPath = Path.Combine(alone, "text.onnx") }));
        Assert.Contains($"CLIP tokenizer vocabulary not found: '{Path.Combine(alone, "vocab.json")}'", noVocab.Message);
        Assert.Contains("Encoder:TextTokenizerFolder", noVocab.Message);
        using (var withFolder = ClipTextEncoder.Open(new EncoderOptions { TextModelPath = Path.Combine(alone, "text.onnx"), TextTokenizerFolder = TextTowerFixture.Folder }))
            Assert.Equal(TextTowerFixture.E(1), withFolder.Encode("cat"));
        Directory.Delete(alone, recursive: true);
    }

    [Fact]
    public void AGraphThatDoesNotFitListsWhatItHas()
    {
        var e = Assert.Throws<InvalidOperationException>(() => ClipTextEncoder.Open(TextTowerFixture.Options() with { TextInputName = "ids" }));
        Assert.Contains("does not fit: no input named 'ids'. Its inputs are 'input_ids' [?,?] int64, 'attention_mask' [?,?] int64; its outputs 'text_embeds' [?,4] float32", e.Message);
        Assert.Contains("Set Encoder:TextInputName or TextOutputName", e.Message);

        var image = Assert.Throws<InvalidOperationException>(() => ClipTextEncoder.Open(new EncoderOptions
        {
            TextModelPath = Path.Combine(AppContext.BaseDirectory, "Fixtures", "kandinsky", "unet.onnx"), TextTokenizerFolder = TextTowerFixture.Folder,
        }));
        Assert.Contains("no input named 'input_ids'", image.Message);
    }
}
