namespace SaeExplorer.Core.Grouping;

/// <summary>Normalises decoder rows to unit length, in place; the norm is summed in double in element order, so it
/// is the same on every machine and cannot underflow for any non-zero float row.</summary>
internal static class UnitDirections
{
    /// <summary>Divides <paramref name="row"/> by its norm; false (row untouched) when the row is all zeros.</summary>
    /// <exception cref="ArgumentException">The row holds NaN or infinity.</exception>
    public static bool Normalise(Span<float> row, int feature)
    {
        var squares = 0.0;
        foreach (var v in row) squares += (double)v * v;
        if (!double.IsFinite(squares)) throw new ArgumentException($"decoder row of feature {feature} holds NaN or infinity");
        if (squares == 0) return false;
        var norm = Math.Sqrt(squares);
        for (var j = 0; j < row.Length; j++) row[j] = (float)(row[j] / norm);
        return true;
    }
}
