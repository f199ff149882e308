namespace SaeExplorer.Core.Labeling;

/// <summary>For each feature of <see cref="Features"/>, the <see cref="PerFeature"/> best terms by cosine, best first (row-major).</summary>
public sealed record TermCandidates(int[] Features, int PerFeature, int[] Terms, float[] Cosines)
{
    public ReadOnlySpan<int> TermsOf(int index) => Terms.AsSpan(index * PerFeature, PerFeature);

    public ReadOnlySpan<float> CosinesOf(int index) => Cosines.AsSpan(index * PerFeature, PerFeature);
}
