using System.Numerics.Tensors;

namespace SaeExplorer.Scale;

/// <summary>
/// Row i of the synthetic corpus, a pure function of (seed, i): the mean, plus <see cref="ScaleSpec.ActivePerRow"/>
/// distinct atoms with uniform coefficients, plus uniform noise. A row is about one topic, as an image is about one
/// scene: three in four of its atoms come from its topic's <see cref="TopicAtoms"/>, the rest from anywhere, so rows of
/// a topic share atoms and have neighbours, as CLIP embeddings do (rows of independent atoms have none: recall@8 of a
/// graph index on them was 0.33). Topics and atoms are drawn with a skew toward low numbers (about as often as
/// j^(-1/3)), so feature densities spread over a range as a trained SAE's do.
/// </summary>
internal static class SyntheticRows
{
    private const ulong RowStream = 3;

    /// <summary>Atoms per topic (the topics partition the dictionary).</summary>
    public const int TopicAtoms = 256;

    private const double TopicShare = 0.75;

    /// <summary>Writes row <paramref name="row"/> into <paramref name="into"/> and its atoms and coefficients, strongest first.</summary>
    public static void Make(SyntheticDictionary dictionary, long row, Span<float> into, Span<int> atoms, Span<float> coefficients)
    {
        ScaleSpec spec = dictionary.Spec;
        var g = SplitMix.For(spec.Seed, RowStream, (ulong)row);
        int n = spec.ActivePerRow;
        int topicAtoms = Math.Min(TopicAtoms, spec.Features);
        int topic = (int)(spec.Features / topicAtoms * Math.Pow(g.NextDouble(), 1.5));
        for (int i = 0; i < n; i++)
        {
            int atom;
            do
                atom = g.NextDouble() < TopicShare
                    ? topic * topicAtoms + (int)(topicAtoms * g.NextDouble())
                    : (int)(spec.Features * Math.Pow(g.NextDouble(), 1.5));
            while (atoms[..i].Contains(atom));
            atoms[i] = atom;
            coefficients[i] = (float)(ScaleSpec.MinCoefficient + (ScaleSpec.MaxCoefficient - ScaleSpec.MinCoefficient) * g.NextDouble());
        }
        coefficients[..n].Sort(atoms[..n], (a, b) => b.CompareTo(a));
        for (int j = 0; j < into.Length; j++)
            into[j] = dictionary.Mean[j] + (float)((2 * g.NextDouble() - 1) * ScaleSpec.Noise);
        for (int i = 0; i < n; i++)
            TensorPrimitives.MultiplyAdd(dictionary.Atom(atoms[i]), coefficients[i], into, into);
    }

    /// <summary>Words a caption search can find: each feature's own "adjective noun N" name.</summary>
    public static string Concept(int feature) =>
        $"{Adjectives[feature % Adjectives.Length]} {Nouns[feature / Adjectives.Length % Nouns.Length]} {feature}";

    /// <summary>"synthetic photo of red boat 17, ... and ..." from the three strongest atoms.</summary>
    public static string Caption(ReadOnlySpan<int> strongestFirst) =>
        $"synthetic photo of {Concept(strongestFirst[0])}, {Concept(strongestFirst[1])} and {Concept(strongestFirst[2])}";

    private static readonly string[] Adjectives =
        ["red", "blue", "green", "golden", "dark", "bright", "small", "large", "old", "new", "wooden", "glass", "stone", "snowy", "sunny", "misty"];

    private static readonly string[] Nouns =
    [
        "boat", "dog", "cat", "house", "tree", "car", "bridge", "mountain", "river", "flower", "bird", "horse", "city", "beach", "forest", "road",
        "chair", "lamp", "cake", "guitar", "train", "castle", "garden", "window", "clock", "book", "shoe", "hat", "cup", "field", "lake", "tower",
    ];
}
