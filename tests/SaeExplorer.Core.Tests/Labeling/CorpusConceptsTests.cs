using SaeExplorer.Core.Corpus;
using SaeExplorer.Core.Labeling;

namespace SaeExplorer.Core.Tests.Labeling;

/// <summary>Which images carry a term or a free-text label, and the manifest join by row ids.</summary>
public class CorpusConceptsTests
{
    private readonly CorpusConcepts _concepts = HandCorpus.Concepts();

    [Fact]
    public void CategoryAndSubcategoryTermsMatchTheFieldsWhateverTheCase()
    {
        Assert.Equal([0, 1, 2, 3, 8], _concepts.RowsCarrying(new LabelTerm("ANIMALS", TermKind.Category)));
        Assert.Equal([4, 5, 6, 7, 9], _concepts.RowsCarrying(new LabelTerm("vehicles", TermKind.Category)));
        Assert.Equal([6, 7, 9], _concepts.RowsCarrying(new LabelTerm("Boats", TermKind.Subcategory)));
        Assert.Empty(_concepts.RowsCarrying(new LabelTerm("boats", TermKind.Category)));
    }

    [Fact]
    public void AWordTermMatchesCaptionsOnlyByStem()
    {
        Assert.Equal([0, 1, 8], _concepts.RowsCarrying(new LabelTerm("fish", TermKind.Word))); // "fish" and "fishes"
        Assert.Equal([6, 7, 9], _concepts.RowsCarrying(new LabelTerm("boats", TermKind.Word)));
        Assert.Empty(_concepts.RowsCarrying(new LabelTerm("animal", TermKind.Word))); // a category, not a caption word
    }

    [Theory]
    // every content word's stem must be in the image's category, subcategory or caption
    [InlineData("Red fishes", new[] { 0, 8 })]          // row 0: caption "red", subcategory "fishes"; row 1 is blue
    [InlineData("animal", new[] { 0, 1, 2, 3, 8 })]     // category "Animals", by stem
    [InlineData("boats at night", new[] { 7 })]         // "at" is a stop word; row 3 has night but no boat
    [InlineData("glowing", new[] { 8, 9 })]
    [InlineData("a red zebra", new int[0])]             // "zebra" is nowhere
    [InlineData("the of a", new int[0])]                // no content word: no image
    [InlineData("Fish, bird!", new int[0])]             // no image is both
    public void TheFreeTextRule(string label, int[] rows)
    {
        Assert.Equal(rows, _concepts.RowsMatchingText(label));
        Assert.Equal(rows, _concepts.RowsCarrying(LabelTerm.FreeText(label)));
    }

    [Fact]
    public void JoiningByRowIdsFollowsTheIdsOrderAndCountsManifestEntriesWithoutRows()
    {
        var joined = CorpusConcepts.Join(HandCorpus.Entries, ["v3", "a0", "h1"], "manifest.csv", "emb.ids.txt");

        Assert.Equal(3, joined.Rows);
        Assert.Equal(["vehicles", "animals", "vehicles"], Enumerable.Range(0, 3).Select(joined.CategoryKeyOf));
        Assert.Equal([0, 2], joined.RowsCarrying(new LabelTerm("boats", TermKind.Subcategory)));
        Assert.Equal(7, joined.ManifestEntriesWithoutRows);
    }

    [Fact]
    public void RowIdsMissingFromTheManifestAreAClearError()
    {
        var e = Assert.Throws<InvalidDataException>(() =>
            CorpusConcepts.Join(HandCorpus.Entries, ["a0", "zz", "a1", "yy"], "manifest.csv", "emb.ids.txt"));
        Assert.Contains("2 of the 4 ids in emb.ids.txt are missing from manifest.csv (first: 'zz' on row 1, 'yy' on row 3)", e.Message);
    }

    [Fact]
    public void ARepeatedRowIdIsAClearError()
    {
        var e = Assert.Throws<InvalidDataException>(() => CorpusConcepts.Join(HandCorpus.Entries, ["a0", "a1", "a0"], "manifest.csv", "emb.ids.txt"));
        Assert.Contains("emb.ids.txt: id 'a0' is on rows 0 and 2", e.Message);
    }

    [Fact]
    public void MajorityCategoryBreaksTiesOrdinally()
    {
        Assert.Equal("animals", _concepts.MajorityCategoryKey([0, 1, 4]));
        Assert.Equal("animals", _concepts.MajorityCategoryKey([4, 0])); // one each: the ordinal first
        Assert.Null(new CorpusConcepts([new ManifestEntry("x", "x.png")]).MajorityCategoryKey([0]));
    }
}
