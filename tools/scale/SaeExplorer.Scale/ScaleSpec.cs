namespace SaeExplorer.Scale;

/// <summary>
/// The size and shape of a synthetic scale corpus: rows built as sparse non-negative combinations of dictionary atoms
/// plus the corpus mean and a little noise, and an SAE made from the same dictionary, so its features fire sparsely
/// (about <see cref="ExpectedL0"/> per row) and a feature's top rows are the rows that hold its atom most strongly.
/// </summary>
/// <param name="Rows">Corpus rows (the paper's scale: 1,000,000).</param>
/// <param name="Features">Atoms = SAE features (the paper's SAE: 81,920).</param>
/// <param name="Dimension">Embedding width (CLIP ViT-bigG/14: 1280).</param>
/// <param name="ActivePerRow">Atoms mixed into each row.</param>
/// <param name="ShardRows">Rows per img_emb_N.npy shard and its metadata_N.parquet.</param>
/// <param name="Threshold">The SAE's firing threshold on an atom's coefficient (its encoder bias is minus this, less the mean's part).</param>
public sealed record ScaleSpec(
    long Rows = 1_000_000,
    int Features = 81_920,
    int Dimension = 1280,
    int ActivePerRow = 64,
    int ShardRows = 100_000,
    ulong Seed = 2024,
    float Threshold = 1.45f)
{
    /// <summary>Coefficients of the atoms in a row are uniform in [MinCoefficient, MaxCoefficient).</summary>
    public const float MinCoefficient = 1f, MaxCoefficient = 3f;

    /// <summary>Each value of a row gets uniform noise in [-Noise, Noise).</summary>
    public const float Noise = 0.05f;

    /// <summary>Length of the corpus mean, the part every row shares (as CLIP embeddings share a large common direction).</summary>
    public const float MeanNorm = 10f;

    /// <summary>A rough forecast of the SAE's L0: the row's own atoms clearing the threshold through the interference of the
    /// others, plus the atoms that interference alone lifts over it.</summary>
    public double ExpectedL0
    {
        get
        {
            double meanSquare = (Math.Pow(MaxCoefficient, 3) - Math.Pow(MinCoefficient, 3)) / (3 * (MaxCoefficient - MinCoefficient));
            double sigma = Math.Sqrt(ActivePerRow * meanSquare / Dimension);
            double own = 0;
            for (int i = 0; i < 100; i++)
            {
                double a = MinCoefficient + (MaxCoefficient - MinCoefficient) * (i + 0.5) / 100;
                own += Tail((Threshold - a) / sigma) / 100;
            }
            return ActivePerRow * own + (Features - ActivePerRow) * Tail(Threshold / sigma);
        }
    }

    public int ShardCount => (int)((Rows + ShardRows - 1) / ShardRows);

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Features);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Dimension);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ShardRows);
        if (ActivePerRow < 3 || ActivePerRow > Features)
            throw new ArgumentOutOfRangeException(nameof(ActivePerRow), $"atoms per row must be 3..{Features}, was {ActivePerRow}");
    }

    /// <summary>P(Z &gt; z) for a standard normal Z (Abramowitz-Stegun 7.1.26 on erfc).</summary>
    private static double Tail(double z)
    {
        double x = Math.Abs(z) / Math.Sqrt(2), t = 1 / (1 + 0.3275911 * x);
        double erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.Exp(-x * x);
        return z >= 0 ? erfc / 2 : 1 - erfc / 2;
    }
}
