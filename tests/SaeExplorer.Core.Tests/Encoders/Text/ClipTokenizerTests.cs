using SaeExplorer.Core.Encoders.Text;

namespace SaeExplorer.Core.Tests.Encoders.Text;

/// <summary>
/// CLIP's tokenizer on the stand-in vocabulary, against tokenizations worked by hand. Byte tokens have real CLIP's ids
/// ("a&lt;/w&gt;" 320, ".&lt;/w&gt;" 269); the merges are the fixture's: do 512, dog&lt;/w&gt; 513, dog 514, ca 515,
/// cat&lt;/w&gt; 516, fish&lt;/w&gt; 519, red&lt;/w&gt; 521, photo&lt;/w&gt; 525, of&lt;/w&gt; 526; start 527, end 528.
/// </summary>
public sealed class ClipTokenizerTests
{
    private static readonly ClipTokenizer Tokenizer = ClipTokenizer.Load(TextTowerFixture.File("vocab.json"), TextTowerFixture.File("merges.txt"));

    [Theory]
    // lower-cased; words merge to whole tokens; "." is its own piece
    [InlineData("A photo of a Dog.", new[] { 527, 320, 525, 526, 320, 513, 269, 528 })]
    // "d o g s</w>": "d o" (rank 0), then "do g" (rank 2, not "do g</w>": g is not the word's end), nothing for "dog s</w>"
    [InlineData("dogs", new[] { 527, 514, 338, 528 })]
    // é is the UTF-8 bytes C3 A9, GPT-2's byte characters "Ã" (127) and "©" (+</w>: 358), not the byte E9's token
    [InlineData("café", new[] { 527, 515, 69, 127, 358, 528 })]
    // a contraction is its own piece, digits one at a time: i t</w> ' s</w> r</w> 1</w> 6</w>
    [InlineData("it's r16", new[] { 527, 72, 339, 6, 338, 337, 272, 277, 528 })]
    // white space collapsed and trimmed: h e l l o</w> w o r l d</w>
    [InlineData("  Hello\n\tWORLD  ", new[] { 527, 71, 68, 75, 75, 334, 86, 78, 81, 75, 323, 528 })]
    // HTML entities decoded twice, as CLIP does: "&amp;amp;" is "&"
    [InlineData("&amp;amp;", new[] { 527, 261, 528 })]
    [InlineData("red fish", new[] { 527, 521, 519, 528 })]
    [InlineData("", new[] { 527, 528 })]
    // the special tokens in the text are themselves
    [InlineData("dog<|endoftext|>", new[] { 527, 513, 528, 528 })]
    public void TokenizesAsCLIPDoes(string text, int[] ids) => Assert.Equal(ids, Tokenizer.Encode(text));

    [Fact]
    public void LongTextsAreCutToTheContextLengthKeepingTheEndToken()
    {
        var ids = Tokenizer.Encode(string.Join(' ', Enumerable.Repeat("dog", 100)));
        Assert.Equal(77, ids.Length);
        Assert.Equal([527, .. Enumerable.Repeat(513, 75), 528], ids);
        Assert.Equal([527, 513, 513, 528], Tokenizer.Encode("dog dog dog dog", contextLength: 4));
    }

    [Fact]
    public void FilesThatAreNotClipsAreClearErrors()
    {
        var dir = Directory.CreateTempSubdirectory("saex-tok-").FullName;
        var vocab = Path.Combine(dir, "vocab.json");
        var merges = Path.Combine(dir, "merges.txt");
        File.WriteAllText(merges, "#version: 0.2\nd o\n");

        File.WriteAllText(vocab, "{\"a\": 0, \"<|startoftext|>\": 1, \"<|endoftext|>\": 2}");
        Assert.Contains("lacks the byte token 'Ā' (or 'Ā</w>')", Assert.Throws<InvalidDataException>(() => ClipTokenizer.Load(vocab, merges)).Message);
        File.WriteAllText(vocab, "{\"a\": 0}");
        Assert.Contains("has no <|startoftext|> token", Assert.Throws<InvalidDataException>(() => ClipTokenizer.Load(vocab, merges)).Message);
        File.WriteAllText(vocab, "[1, 2]");
        Assert.Contains("is not a vocab.json of token ids", Assert.Throws<InvalidDataException>(() => ClipTokenizer.Load(vocab, merges)).Message);
        File.Copy(TextTowerFixture.File("vocab.json"), vocab, overwrite: true);
        File.WriteAllText(merges, "d o g\n");
        Assert.Contains("line 1: a merge is two tokens", Assert.Throws<InvalidDataException>(() => ClipTokenizer.Load(vocab, merges)).Message);
        Assert.Contains("merges not found", Assert.Throws<FileNotFoundException>(() => ClipTokenizer.Load(vocab, Path.Combine(dir, "none.txt"))).Message);
        Directory.Delete(dir, recursive: true);
    }
}
