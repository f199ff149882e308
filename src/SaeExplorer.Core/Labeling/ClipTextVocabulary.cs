using System.Text;
using SaeExplorer.Core.Embeddings;

namespace SaeExplorer.Core.Labeling;

/// <summary>
/// A vocabulary of text embeddings in the image space (CLIP's text tower for CLIP image embeddings, as in
/// Discover-then-Name): a float32/float16 .npy of [terms x d] and a UTF-8 word list, one term per line, line t naming
/// row t (tools/labeling/make_clip_text_vocab.py writes both). Its terms are <see cref="TermKind.Text"/>: scored by the
/// free-text rule of <see cref="CorpusConcepts"/>.
/// </summary>
public static class ClipTextVocabulary
{
    /// <exception cref="InvalidDataException">The word list and the array disagree, a line is empty or a term repeats.</exception>
    /// <exception cref="ArgumentException">The vectors' dimension is not <paramref name="dimension"/>.</exception>
    public static LabelVocabulary Load(string npyPath, string wordsPath, int dimension)
    {
        using var npy = NpyFile.Open(npyPath);
        if (npy.Columns != dimension)
            throw new ArgumentException($"'{npyPath}' has vectors of {npy.Columns} dimensions but the SAE's decoder has {dimension}: encode the vocabulary with the text tower of the image encoder the SAE was trained on");
        if (!File.Exists(wordsPath)) throw new FileNotFoundException($"vocabulary word list not found: '{wordsPath}'", wordsPath);
        var lines = File.ReadAllLines(wordsPath, Encoding.UTF8);
        if (lines.Length != npy.Rows)
            throw new InvalidDataException($"'{wordsPath}' has {lines.Length} terms but '{npyPath}' has {npy.Rows} vectors: one term per row");
        var terms = new LabelTerm[lines.Length];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var t = 0; t < lines.Length; t++)
        {
            var text = lines[t].Trim();
            if (text.Length == 0) throw new InvalidDataException($"'{wordsPath}', line {t + 1}: empty term");
            if (!seen.TryAdd(text, t)) throw new InvalidDataException($"'{wordsPath}', line {t + 1}: '{text}' repeats line {seen[text] + 1}");
            terms[t] = LabelTerm.FreeText(text);
        }
        var vectors = new float[checked(npy.Rows * npy.Columns)];
        npy.ReadRows(0, checked((int)npy.Rows), vectors);
        return new LabelVocabulary(terms, vectors, npy.Columns);
    }
}
