namespace SaeExplorer.Core.Sae.Training;

/// <summary>Seeded random split of row indices into training and held-out sets.</summary>
public sealed record DataSplit(long[] Train, long[] HeldOut)
{
    public static DataSplit Create(long rows, double heldOutFraction, int seed)
    {
        var perm = new long[rows];
        for (long i = 0; i < rows; i++) perm[i] = i;
        new Random(seed).Shuffle(perm);
        var held = (long)Math.Round(rows * heldOutFraction);
        if (heldOutFraction > 0 && held == 0 && rows > 1) held = 1;
        var heldOut = perm[..(int)held];
        var train = perm[(int)held..];
        // Sorted held-out rows read faster from a memory-mapped file.
        Array.Sort(heldOut);
        return new DataSplit(train, heldOut);
    }
}
