using FsCheck.Xunit;
using SaeExplorer.Core.Labeling;

namespace SaeExplorer.Core.Tests.Labeling;

/// <summary>
/// The rows a labelling run reads: the whole corpus up to Autointerp:MaxRows, else a seeded sample in corpus order,
/// read as its own matrix, with the trainer's split of the whole corpus restricted to it.
/// </summary>
public sealed class LabelingRowsTests
{
    /// <summary>Row r of the corpus is (r, -r): any row read from the wrong place shows.</summary>
    private static InMemoryEmbeddingMatrix Corpus(int rows) =>
        new([.. Enumerable.Range(0, rows).SelectMany(r => new float[] { r, -r })], 2);

    [Fact]
    public void ACorpusWithinTheCapIsReadWholeWithTheTrainersSplit()
    {
        var rows = LabelingRows.Of(Corpus(50), maxRows: 50, seed: 7);

        Assert.False(rows.IsSample);
        Assert.Equal(50, rows.Rows);
        Assert.Equal(17, rows.CorpusRow(17));
        var split = rows.Split(0.2, 42);
        var trainer = LabelingSplit.Create(50, 0.2, 42);
        Assert.All(Enumerable.Range(0, 50), r => Assert.Equal(trainer.HeldOut.Contains(r), split.HeldOut.Contains(r)));
    }

    [Property(MaxTest = 40)]
    public bool ASampleHasTheCapsSizeAscendingRowsAndReadsThemFromTheCorpus(ushort extra, byte cap, int seed)
    {
        var maxRows = 1 + cap % 60;
        var total = maxRows + 1 + extra % 500;
        var rows = LabelingRows.Of(Corpus(total), maxRows, seed);
        var corpusRows = Enumerable.Range(0, maxRows).Select(rows.CorpusRow).ToArray();
        var read = new float[maxRows * 2];
        rows.ReadRows(0, maxRows, read);
        var tail = new float[2];
        rows.ReadRows(maxRows - 1, 1, tail);
        return rows.IsSample && rows.Rows == maxRows && rows.CorpusRows == total
               && corpusRows.Zip(corpusRows.Skip(1)).All(p => p.First < p.Second) && corpusRows[^1] < total
               && Enumerable.Range(0, maxRows).All(i => read[2 * i] == corpusRows[i] && read[2 * i + 1] == -corpusRows[i])
               && tail[0] == corpusRows[^1];
    }

    [Fact]
    public void TheSameSeedDrawsTheSameSampleAndAnotherSeedAnother()
    {
        int[] Draw(int seed)
        {
            var rows = LabelingRows.Of(Corpus(1000), 100, seed);
            return [.. Enumerable.Range(0, 100).Select(rows.CorpusRow)];
        }

        Assert.Equal(Draw(3), Draw(3));
        Assert.NotEqual(Draw(3), Draw(4));
    }

    [Fact]
    public void EveryCorpusRowIsAboutEquallyLikelyToBeDrawn()
    {
        // 2,000 draws of 10 of 40 rows: each row is drawn 500 times on average (binomial sd about 19).
        var drawn = new int[40];
        for (var seed = 0; seed < 2000; seed++)
        {
            var rows = LabelingRows.Of(Corpus(40), 10, seed);
            for (var i = 0; i < 10; i++) drawn[rows.CorpusRow(i)]++;
        }
        Assert.All(drawn, n => Assert.InRange(n, 400, 600));
    }

    [Fact]
    public void ASamplesHeldOutRowsAreTheWholeCorpusSplitsHeldOutRowsItDrew()
    {
        var rows = LabelingRows.Of(Corpus(5000), 700, 11);
        var split = rows.Split(0.1, 42);
        var whole = LabelingSplit.Create(5000, 0.1, 42);

        Assert.All(Enumerable.Range(0, 700), i =>
        {
            Assert.Equal(whole.HeldOut.Contains(rows.CorpusRow(i)), split.HeldOut.Contains(i));
            Assert.NotEqual(split.HeldOut.Contains(i), split.Train.Contains(i));
        });
        Assert.InRange(split.HeldOut.Count, 40, 100); // about 70
    }

    [Fact]
    public void IdsFollowTheSample()
    {
        var ids = Enumerable.Range(0, 300).Select(r => $"img{r:D3}").ToArray();
        var rows = LabelingRows.Of(Corpus(300), 20, 5);

        var sampled = rows.Ids(ids);

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"img{rows.CorpusRow(i):D3}"), sampled);
        Assert.Throws<ArgumentException>(() => rows.Ids(ids[..299]));
    }
}
