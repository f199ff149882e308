using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SaeExplorer.Core.Corpus;
using SaeExplorer.Core.Labeling;

namespace SaeExplorer.Core.Tests.Labeling;

/// <summary>Codes and fragments never become vocabulary words, over generated tokens and captions.</summary>
public class VocabularyWordsTests
{
    private const string Letters = "abcdefghijklmnopqrstuvwxyzéü";
    private const string Digits = "0123456789";

    private static Gen<string> Token(string alphabet, int min, int max) =>
        Gen.Choose(min, max).SelectMany(n => Gen.ArrayOf(Gen.Elements(alphabet.ToCharArray()), n)).Select(c => new string(c));

    /// <summary>Letters with at least one digit somewhere: "r16", "3d", "img0042", "a1b".</summary>
    public static Arbitrary<string> Codes() =>
        Token(Letters + Digits, 0, 6).SelectMany(t => Gen.Elements(Digits.ToCharArray()).SelectMany(d => Gen.Choose(0, t.Length).Select(at => t.Insert(at, d.ToString()))))
            .ToArbitrary();

    [Property(MaxTest = 500, Arbitrary = [typeof(VocabularyWordsTests)])]
    public void ATokenWithADigitIsNeverAWord(string code) => Assert.False(VocabularyWords.Accepts(code));

    [Property(MaxTest = 200)]
    public void OneLetterIsNeverAWord(char c) => Assert.False(VocabularyWords.Accepts(char.ToLowerInvariant(c).ToString()));

    [Property(MaxTest = 300)]
    public Property TwoOrMoreLettersAreAWordUnlessAFileNameFragment() => Prop.ForAll(Token(Letters, 2, 10).ToArbitrary(), word =>
        VocabularyWords.Accepts(word) == !(word is "png" or "jpg" or "jpeg" or "gif" or "svg" or "img" or "dsc" or "dscn" or "bmp" or "tif" or "tiff"
            or "webp" or "ico" or "xcf" or "psd" or "eps" or "pdf" or "jpe" or "svgz" or "image" or "dscf" or "dcim" or "imgp" or "cimg" or "pict"
            or "pxl" or "scan" or "thumb" or "thumbnail" or "copy" or "file" or "untitled" or "clipart" or "openclipart" or "svgrepo"));

    [Fact]
    public void FileNameFragmentsAreNotWords()
    {
        Assert.All(["png", "jpg", "jpeg", "svg", "img", "dsc", "dscn", "thumb"], w => Assert.False(VocabularyWords.Accepts(w)));
        Assert.All(["fish", "tv", "ox", "café"], w => Assert.True(VocabularyWords.Accepts(w)));
    }

    [Property(MaxTest = 100, Arbitrary = [typeof(VocabularyWordsTests)])]
    public void NoManifestTermFromCaptionsFullOfCodesHasADigit(string code)
    {
        // Thirty images whose captions mix a code, a file name and real words, each code on every caption: whatever the
        // counts, the caption words of the vocabulary are the real words.
        var entries = Enumerable.Range(0, 30).Select(i => new ManifestEntry($"i{i}", $"i{i}.png", i % 2 == 0 ? "cats" : "dogs", null,
            $"{code} DSC_{i:0000}.JPG {(i % 3 == 0 ? "red" : "blue")} kite {code}")).ToArray();

        var words = new CorpusConcepts(entries).ManifestTerms().Where(t => t.Kind == TermKind.Word).Select(t => t.Text).ToList();

        Assert.All(words, w => Assert.True(w.All(char.IsLetter) && w.Length >= 2, $"'{w}' became a word"));
        Assert.Contains("kite", words);
        Assert.DoesNotContain("jpg", words);
    }
}
