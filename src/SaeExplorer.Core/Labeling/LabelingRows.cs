using SaeExplorer.Core.Embeddings;

namespace SaeExplorer.Core.Labeling;

/// <summary>
/// The corpus rows a labelling run reads: every row, or, when the corpus has more than Autointerp:MaxRows, a seeded
/// sample of that many in corpus order. Naming keeps 8 bytes per firing of the rows it reads, so at 10^6 rows x 81,920
/// features the whole corpus would cost gigabytes and half an hour of encoding; a sample of 200,000 still gives a
/// feature firing once in a thousand images about 20 held-out positives to score on. Inside the run rows are numbered
/// 0..Count-1 (it reads as an <see cref="IEmbeddingMatrix"/> of its own); <see cref="CorpusRow"/> maps one back.
/// </summary>
public sealed class LabelingRows : IEmbeddingMatrix
{
    private readonly IEmbeddingMatrix _corpus;
    private readonly int[]? _sample; // ascending corpus rows; null: every row

    private LabelingRows(IEmbeddingMatrix corpus, int[]? sample)
    {
        _corpus = corpus;
        _sample = sample;
    }

    /// <summary>Every row of <paramref name="corpus"/> when it has at most <paramref name="maxRows"/>, else a sample fixed by <paramref name="seed"/>.</summary>
    public static LabelingRows Of(IEmbeddingMatrix corpus, int maxRows, int seed)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        if (corpus.Rows > int.MaxValue) throw new ArgumentException($"{corpus.Rows} rows are more than labelling handles ({int.MaxValue})", nameof(corpus));
        return corpus.Rows <= maxRows ? new LabelingRows(corpus, null) : new LabelingRows(corpus, Sample((int)corpus.Rows, maxRows, seed));
    }

    public long Rows => _sample?.Length ?? _corpus.Rows;

    public int Columns => _corpus.Columns;

    /// <summary>Whether the run reads a sample rather than the whole corpus.</summary>
    public bool IsSample => _sample is not null;

    /// <summary>The corpus's row count (what the sample is drawn from).</summary>
    public long CorpusRows => _corpus.Rows;

    /// <summary>The corpus row of run row <paramref name="row"/>.</summary>
    public int CorpusRow(int row) => _sample?[row] ?? row;

    /// <summary>The ids of the run's rows, from the corpus's row ids (its FILE.ids.txt).</summary>
    public IReadOnlyList<string> Ids(IReadOnlyList<string> corpusIds)
    {
        ArgumentNullException.ThrowIfNull(corpusIds);
        if (corpusIds.Count != _corpus.Rows)
            throw new ArgumentException($"{corpusIds.Count} row ids for {_corpus.Rows} rows", nameof(corpusIds));
        return _sample is null ? corpusIds : [.. _sample.Select(r => corpusIds[r])];
    }

    /// <summary>
    /// The trainer's split of the whole corpus (<see cref="LabelingSplit.Create"/>) restricted to the run's rows, so a
    /// held-out image of the sample is one the SAE never trained on either.
    /// </summary>
    public LabelingSplit Split(double heldOutFraction, int seed)
    {
        if (_sample is null) return LabelingSplit.Create((int)_corpus.Rows, heldOutFraction, seed);
        var whole = LabelingSplit.Create((int)_corpus.Rows, heldOutFraction, seed);
        var (heldOut, train) = (new List<long>(), new List<long>());
        for (var i = 0; i < _sample.Length; i++) (whole.HeldOut.Contains(_sample[i]) ? heldOut : train).Add(i);
        return new LabelingSplit(new RowSet("training", train, _sample.Length), new RowSet("held-out", heldOut, _sample.Length));
    }

    /// <summary>Reads run rows [start, start + count): runs of consecutive corpus rows are read at once.</summary>
    public void ReadRows(long start, int count, Span<float> dest)
    {
        if (_sample is null)
        {
            _corpus.ReadRows(start, count, dest);
            return;
        }
        var columns = _corpus.Columns;
        for (var i = 0; i < count;)
        {
            var first = _sample[start + i];
            var run = 1;
            while (i + run < count && _sample[start + i + run] == first + run) run++;
            _corpus.ReadRows(first, run, dest.Slice(i * columns, run * columns));
            i += run;
        }
    }

    /// <summary>Selection sampling (Knuth's algorithm S): <paramref name="take"/> of <paramref name="rows"/> rows, each equally likely, ascending.</summary>
    private static int[] Sample(int rows, int take, int seed)
    {
        var random = new Random(seed);
        var chosen = new int[take];
        var n = 0;
        for (var row = 0; row < rows && n < take; row++)
            if (random.NextInt64(rows - row) < take - n) chosen[n++] = row;
        return chosen;
    }
}
