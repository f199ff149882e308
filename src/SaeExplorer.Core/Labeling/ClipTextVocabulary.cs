using System.Text;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Encoders.Text;

namespace SaeExplorer.Core.Labeling;

/// <summary>
/// A vocabulary of text embeddings in the image space (CLIP's text tower for CLIP image embeddings, as in
/// Discover-then-Name), from a plain word list, one term per line: either embedded here with the configured text tower
/// (<see cref="Embed"/>, no Python step), or read with vectors made elsewhere, a float32/float16 .npy of [terms x d]
/// whose row t line t names (<see cref="Load"/>). Its terms are <see cref="TermKind.Text"/>: scored by the free-text
/// rule of <see cref="CorpusConcepts"/>.
/// </summary>
public static class ClipTextVocabulary
{
    /// <summary>The prompt templates each term is embedded through, as Discover-then-Name's recipe.</summary>
    public static readonly string[] Templates = ["a photo of a {0}.", "a picture of a {0}.", "an image of a {0}.", "a drawing of a {0}.", "a close-up photo of a {0}."];

    /// <exception cref="InvalidDataException">The word list and the array disagree, a line is empty or a term repeats.</exception>
    /// <exception cref="ArgumentException">The vectors' dimension is not <paramref name="dimension"/>.</exception>
    public static LabelVocabulary Load(string npyPath, string wordsPath, int dimension)
    {
        using var npy = NpyFile.Open(npyPath);
        if (npy.Columns != dimension)
            throw new ArgumentException($"'{npyPath}' has vectors of {npy.Columns} dimensions but the SAE's decoder has {dimension}: encode the vocabulary with the text tower of the image encoder the SAE was trained on");
        var terms = ReadTerms(wordsPath);
        if (terms.Length != npy.Rows)
            throw new InvalidDataException($"'{wordsPath}' has {terms.Length} terms but '{npyPath}' has {npy.Rows} vectors: one term per row");
        var vectors = new float[checked(npy.Rows * npy.Columns)];
        npy.ReadRows(0, checked((int)npy.Rows), vectors);
        return new LabelVocabulary(terms, vectors, npy.Columns);
    }

    /// <summary>
    /// Embeds every term of the word list with the text tower: each through every template, the template embeddings
    /// L2-normalised and averaged, then normalised again; with <paramref name="center"/> the mean over the vocabulary is
    /// subtracted, so every term is a direction away from what all text embeddings share (as the manifest vocabulary
    /// subtracts the mean image).
    /// </summary>
    /// <param name="progress">Called with (terms done, terms) after each batch.</param>
    /// <exception cref="InvalidDataException">A line is empty or a term repeats.</exception>
    /// <exception cref="ArgumentException">The text tower's dimension is not <paramref name="dimension"/>.</exception>
    public static LabelVocabulary Embed(ClipTextEncoder encoder, string wordsPath, int dimension, bool center = true,
        Action<int, int>? progress = null, int batchTerms = 64)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        if (encoder.Dimension != dimension)
            throw new ArgumentException($"the CLIP text tower '{encoder.ModelPath}' gives {encoder.Dimension}-d embeddings but the SAE's decoder has {dimension}: it must be the text tower of the CLIP the SAE was trained on");
        var terms = ReadTerms(wordsPath);
        var vectors = new float[checked(terms.Length * dimension)];
        for (var start = 0; start < terms.Length; start += batchTerms)
        {
            var chunk = terms.Skip(start).Take(batchTerms).ToArray();
            var prompts = chunk.SelectMany(t => Templates.Select(template => string.Format(System.Globalization.CultureInfo.InvariantCulture, template, t.Text))).ToArray();
            var embedded = encoder.EncodeBatch(prompts);
            for (var t = 0; t < chunk.Length; t++)
            {
                var mean = vectors.AsSpan((start + t) * dimension, dimension);
                for (var p = 0; p < Templates.Length; p++) AddUnit(embedded.AsSpan((t * Templates.Length + p) * dimension, dimension), mean);
                Normalise(mean);
            }
            progress?.Invoke(start + chunk.Length, terms.Length);
        }
        if (center) Center(vectors, terms.Length, dimension);
        return new LabelVocabulary(terms, vectors, dimension);
    }

    private static LabelTerm[] ReadTerms(string wordsPath)
    {
        if (!File.Exists(wordsPath)) throw new FileNotFoundException($"vocabulary word list not found: '{wordsPath}'", wordsPath);
        var lines = File.ReadAllLines(wordsPath, Encoding.UTF8);
        var terms = new LabelTerm[lines.Length];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var t = 0; t < lines.Length; t++)
        {
            var text = lines[t].Trim();
            if (text.Length == 0) throw new InvalidDataException($"'{wordsPath}', line {t + 1}: empty term");
            if (!seen.TryAdd(text, t)) throw new InvalidDataException($"'{wordsPath}', line {t + 1}: '{text}' repeats line {seen[text] + 1}");
            terms[t] = LabelTerm.FreeText(text);
        }
        return terms;
    }

    private static void AddUnit(ReadOnlySpan<float> vector, Span<float> sum)
    {
        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(vector);
        if (norm > 0) for (var i = 0; i < sum.Length; i++) sum[i] += vector[i] / norm;
    }

    private static void Normalise(Span<float> vector)
    {
        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(vector);
        if (norm > 0) System.Numerics.Tensors.TensorPrimitives.Divide(vector, norm, vector);
    }

    private static void Center(float[] vectors, int rows, int dimension)
    {
        var mean = new double[dimension];
        for (var r = 0; r < rows; r++) for (var j = 0; j < dimension; j++) mean[j] += vectors[r * dimension + j];
        for (var r = 0; r < rows; r++) for (var j = 0; j < dimension; j++) vectors[r * dimension + j] -= (float)(mean[j] / rows);
    }
}
