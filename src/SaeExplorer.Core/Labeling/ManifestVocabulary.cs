using SaeExplorer.Core.Embeddings;

namespace SaeExplorer.Core.Labeling;

/// <summary>
/// A vocabulary from the corpus itself: its categories, subcategories and caption words, each the direction from the
/// mean of all training images to the mean of the training images that carry it (so a term is a direction, not the
/// global mean that every image shares). Only training images count, so no held-out image shapes a label it is then
/// scored against. Terms carried by fewer than <see cref="VocabularyOptions.MinimumCount"/> training images, or by all
/// of them (no direction), are left out, and so are caption words that are codes or fragments
/// (<see cref="VocabularyWords"/>) or that fewer than <see cref="VocabularyOptions.MinimumCaptions"/> different training
/// captions use (a word repeated in one boilerplate caption, such as an uploader's batch tag); so are, given the held-out images, terms none of them carries or all do: such a
/// label could never be scored. Only which held-out images carry a term is read there, never an activation, so the
/// held-out score of the label chosen stays as honest as before.
/// </summary>
public static class ManifestVocabulary
{
    /// <param name="heldOut">The images labels are scored on; null keeps terms whatever they carry there.</param>
    /// <exception cref="ArgumentException">The embeddings and the concepts disagree on the rows, or no term is left.</exception>
    public static LabelVocabulary Build(CorpusConcepts concepts, IEmbeddingMatrix embeddings, RowSet train, VocabularyOptions? options = null,
        RowSet? heldOut = null)
    {
        ArgumentNullException.ThrowIfNull(concepts);
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(train);
        options ??= new VocabularyOptions();
        if (embeddings.Rows != concepts.Rows || train.TotalRows != concepts.Rows)
            throw new ArgumentException($"the embeddings have {embeddings.Rows} rows, the manifest join {concepts.Rows} and the split {train.TotalRows}");
        if (train.Count == 0) throw new ArgumentException("there are no training images to build a vocabulary from", nameof(train));

        var terms = new List<LabelTerm>();
        var termRows = new List<int[]>();
        foreach (var term in concepts.ManifestTerms())
        {
            if (!Wanted(term.Kind, options)) continue;
            var carriers = concepts.RowsCarrying(term);
            var rows = train.Intersect(carriers);
            if (rows.Length < options.MinimumCount || rows.Length == train.Count) continue;
            if (term.Kind == TermKind.Word && concepts.DistinctCaptions(rows) < options.MinimumCaptions) continue;
            if (heldOut is not null && heldOut.CountIn(carriers) is var tested && (tested == 0 || tested == heldOut.Count)) continue;
            terms.Add(term);
            termRows.Add(rows);
        }
        if (terms.Count == 0)
            throw new ArgumentException($"the vocabulary is empty: no category, subcategory or caption word of the manifest is carried by at least " +
                                        $"{options.MinimumCount} of the {train.Count} training images (and not by all of them)" +
                                        (heldOut is null ? "" : $", and by some but not all of the {heldOut.Count} held-out images"));

        var d = embeddings.Columns;
        var termsOfRow = new List<int>?[concepts.Rows];
        for (var t = 0; t < terms.Count; t++)
            foreach (var r in termRows[t]) (termsOfRow[r] ??= []).Add(t);
        var sums = new double[terms.Count * d];
        var global = new double[d];
        var row = new float[d];
        for (var r = 0; r < concepts.Rows; r++)
        {
            if (!train.Contains(r)) continue;
            embeddings.ReadRows(r, 1, row);
            for (var j = 0; j < d; j++) global[j] += row[j];
            foreach (var t in termsOfRow[r] ?? [])
                for (var j = 0; j < d; j++) sums[t * d + j] += row[j];
        }
        var vectors = new float[terms.Count * d];
        for (var t = 0; t < terms.Count; t++)
            for (var j = 0; j < d; j++)
                vectors[t * d + j] = (float)(sums[t * d + j] / termRows[t].Length - global[j] / train.Count);
        return new LabelVocabulary(terms, vectors, d, termRows.Select(r => r.Length).ToArray());
    }

    private static bool Wanted(TermKind kind, VocabularyOptions options) => kind switch
    {
        TermKind.Category => options.Categories,
        TermKind.Subcategory => options.Subcategories,
        TermKind.Word => options.CaptionWords,
        _ => false,
    };
}
