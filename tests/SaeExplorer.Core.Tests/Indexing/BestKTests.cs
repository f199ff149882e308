using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SaeExplorer.Core.Indexing;

namespace SaeExplorer.Core.Tests.Indexing;

public class BestKTests
{
    private static (int Id, float Score)[] Offer(int k, IEnumerable<(int Id, float Score)> candidates, int split = int.MaxValue)
    {
        // Two partial lists (before and after the split) merged by offering one to the other, as the retrieval threads are.
        var (idsA, scoresA, idsB, scoresB) = (new int[k], new float[k], new int[k], new float[k]);
        var a = new BestK(idsA, scoresA);
        var b = new BestK(idsB, scoresB);
        int n = 0;
        foreach ((int id, float score) in candidates)
            if (n++ < split) a.Offer(id, score); else b.Offer(id, score);
        for (int i = 0; i < b.Count; i++)
            a.Offer(idsB[i], scoresB[i]);
        return [.. idsA.Zip(scoresA).Take(a.Count)];
    }

    [Property(MaxTest = 200)]
    public Property IsTheSortedTopKWhateverTheOrderAndSplit() => Prop.ForAll(
        Gen.Choose(0, 12).Zip(Gen.Choose(0, 60)).Zip(Gen.Choose(0, int.MaxValue)).ToArbitrary(),
        t =>
        {
            ((int k, int count), int seed) = t;
            var random = new Random(seed);
            // Few distinct scores, so ties are common.
            (int Id, float Score)[] candidates = [.. Enumerable.Range(0, count).Select(id => (id, (float)random.Next(-3, 4))).OrderBy(_ => random.Next())];
            (int, float)[] expected = [.. candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Id).Take(k)];
            Assert.Equal(expected, Offer(k, candidates, random.Next(count + 1)));
        });

    [Fact]
    public void ContinuesAGivenListAndRefusesMismatchedSpans()
    {
        int[] ids = [4, 9, 0];
        float[] scores = [5f, 2f, 0f];
        var best = new BestK(ids, scores, count: 2);
        best.Offer(1, 2f); // ties 9's score: the lower id goes first
        best.Offer(7, 1f); // worse than all three: dropped
        Assert.Equal([4, 1, 9], ids);
        Assert.Equal([5f, 2f, 2f], scores);
        Assert.Throws<ArgumentException>(() => new BestK(new int[2], new float[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BestK(new int[2], new float[2], 3));
    }
}
