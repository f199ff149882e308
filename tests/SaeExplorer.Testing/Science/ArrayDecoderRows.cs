using SaeExplorer.Core.Grouping;

namespace SaeExplorer.Testing;

/// <summary>Decoder directions held as managed arrays (synthetic directions, tests); feature i is rows[i].</summary>
public sealed class ArrayDecoderRows : IDecoderRows
{
    private readonly float[][] _rows;

    public ArrayDecoderRows(float[][] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Length == 0) throw new ArgumentException("at least one decoder row is needed", nameof(rows));
        Dimension = rows[0].Length;
        for (var i = 0; i < rows.Length; i++)
            if (rows[i] is null || rows[i].Length != Dimension)
                throw new ArgumentException($"decoder row {i} has length {rows[i]?.Length ?? 0}, expected {Dimension} like row 0", nameof(rows));
        _rows = rows;
    }

    public int Dimension { get; }

    public int FeatureCount => _rows.Length;

    public void CopyRow(int feature, Span<float> destination) => _rows[feature].CopyTo(destination);
}
