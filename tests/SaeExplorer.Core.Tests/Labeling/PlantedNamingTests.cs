using SaeExplorer.Core.Labeling;

namespace SaeExplorer.Core.Tests.Labeling;

/// <summary>Both naming methods on planted data (<see cref="PlantedCorpus"/>): every category feature gets its category, scored on held-out images.</summary>
public sealed class PlantedNamingTests : IDisposable
{
    private readonly PlantedCorpus _corpus = new();
    private readonly SaeExplorer.Core.Sae.Model.SparseAutoencoder _sae;
    private readonly CorpusConcepts _concepts;
    private readonly LabelingSplit _split;

    public PlantedNamingTests()
    {
        _sae = _corpus.CreateSae();
        _concepts = new CorpusConcepts(_corpus.Entries);
        _split = LabelingSplit.Create(_corpus.Rows, 0.2, seed: 1);
    }

    private AutointerpResult Run(NamingMethod method) => Autointerp.Run(_sae, _corpus.Matrix, _concepts, _split, method);

    [Theory]
    [InlineData(NamingMethod.DecoderDirection)]
    [InlineData(NamingMethod.TopImages)]
    public void EveryCategoryFeatureGetsItsCategoryScoredAboveNineTenthsOnHeldOutImages(NamingMethod method)
    {
        var result = Run(method);

        Assert.Equal(Enumerable.Range(0, PlantedCorpus.DeadFeature), result.Labels.Select(l => l.Feature)); // the dead feature is not named
        foreach (var label in result.Labels.Where(l => l.Feature != PlantedCorpus.RandomFeature))
        {
            Assert.Equal(new LabelTerm(PlantedCorpus.CategoryOf(label.Feature), TermKind.Category), label.Term);
            Assert.True(label.HeldOut.Auroc > 0.9, $"feature {label.Feature}: held-out AUROC {label.HeldOut.Auroc}");
            Assert.Equal(Autointerp.MethodName(method), label.Method);
            Assert.Equal(true, label.AgreesWithTopImages);
            // the score is on the held-out images: as many as the split holds
            Assert.Equal(_split.HeldOut.Count, label.HeldOut.Positives + label.HeldOut.Negatives);
            Assert.Equal(_split.Train.Count, label.Train.Positives + label.Train.Negatives);
        }
    }

    [Fact]
    public void AFeatureWhoseDirectionMatchesNothingGetsALowCosineAndALowHeldOutScore()
    {
        var random = Run(NamingMethod.DecoderDirection).Labels.Single(l => l.Feature == PlantedCorpus.RandomFeature);

        Assert.NotNull(random.Term);
        Assert.True(random.Cosine < 0.5, $"cosine {random.Cosine} of '{random.Term}'");
        Assert.True(random.HeldOut.Auroc < 0.7, $"held-out AUROC {random.HeldOut.Auroc} of '{random.Term}'");
        // category features' cosines are high: a category's vector is 3 u_k minus the global mean's 0.5 (u_1 + ... + u_6),
        // at cosine 2.5 / sqrt(2.5^2 + 5 x 0.5^2) = 0.91 to u_k (give or take the split and the noise), and each feature is u_k plus a little noise
        var planted = Run(NamingMethod.DecoderDirection).Labels.Where(l => l.Feature < PlantedCorpus.RandomFeature);
        Assert.All(planted, l => Assert.InRange(l.Cosine!.Value, 0.85, 0.95));
    }

    [Fact]
    public void TheReportCountsWhatTheLabelsSay()
    {
        var result = Run(NamingMethod.DecoderDirection);
        var report = result.Report;

        Assert.Equal(PlantedCorpus.Features, report.Features);
        Assert.Equal(13, report.Alive);
        Assert.Equal(13, report.Labelled);
        Assert.Equal(result.Labels.Count(l => l.HeldOut.Auroc > 0.8), report.AboveCut);
        Assert.True(report.AboveCut >= 12);
        Assert.Equal(report.AboveCut / 13.0, report.ShareAboveCut);
        Assert.Equal(result.Labels.Count(l => l.AgreesWithTopImages == true), report.Agreement.Matches);
        Assert.Equal(result.Labels.Count(l => l.AgreesWithTopImages is not null), report.Agreement.Compared);
        Assert.Equal(report.Agreement.Matches / (double)report.Agreement.Compared, report.Agreement.Share);
        // the planted category features are named far above chance: every label that scores above 0.8 is shown as a name
        Assert.Equal(result.Labels.Count(l => l.Evidence(report.NameMargin).SaysSomething), report.Named);
        Assert.True(report.Named >= report.AboveCut, $"{report.Named} named, {report.AboveCut} above 0.8");
        Assert.Equal((_split.Train.Count, _split.HeldOut.Count), (report.TrainImages, report.HeldOutImages));
        Assert.Equal(6, report.VocabularyTerms[TermKind.Category]);
        Assert.Equal(12, report.VocabularyTerms[TermKind.Subcategory]);
        Assert.Equal(6 + 5 + 3, report.VocabularyTerms[TermKind.Word]); // nouns, adjectives, places ("in", "the", "a" are stop words)
        Assert.Equal(13, report.HeldOutAuroc.Count);
        Assert.Equal(result.Labels.Average(l => l.HeldOut.Auroc!.Value), report.HeldOutAuroc.Mean!.Value, 12);
    }

    [Fact]
    public void TheCategoryWinsOverTheCaptionWordThatMarksTheSameImages()
    {
        // "bird" is in the caption of exactly the birds: same vector, same training AUROC, so the tie goes to the category.
        var vocabulary = ManifestVocabulary.Build(_concepts, _corpus.Matrix, _split.Train);
        int category = Index(vocabulary, new LabelTerm("birds", TermKind.Category)), word = Index(vocabulary, new LabelTerm("bird", TermKind.Word));
        Assert.Equal(vocabulary.Vector(category).ToArray(), vocabulary.Vector(word).ToArray());

        var label = Run(NamingMethod.DecoderDirection).Labels.Single(l => l.Feature == 0);
        Assert.Equal(TermKind.Category, label.Term!.Kind);
    }

    private static int Index(LabelVocabulary vocabulary, LabelTerm term) => vocabulary.Terms.ToList().IndexOf(term);

    public void Dispose() => _sae.Dispose();
}
