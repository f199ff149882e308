using System.Runtime.InteropServices;
using SaeExplorer.Core.Embeddings;
using SaeExplorer.Core.Sae.Model;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Labeling;

/// <summary>
/// Every feature's non-zero activations over the corpus rows, one column per feature sorted by activation (ties by
/// row), so detection scores walk a column once and top images are its end. Activations of exactly 0 (not firing)
/// are not stored: a corpus costs 8 bytes per firing, not rows x features (at most 2^31 firings in all).
/// </summary>
public sealed class FeatureActivations
{
    private readonly int[] _offsets;
    private readonly Activation[] _entries;

    /// <summary>One firing: the corpus row and the feature's activation there.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public readonly record struct Activation(float Value, int Row) : IComparable<Activation>
    {
        public int CompareTo(Activation other)
        {
            var byValue = Value.CompareTo(other.Value);
            return byValue != 0 ? byValue : Row.CompareTo(other.Row);
        }
    }

    private FeatureActivations(int features, int rows, int[] offsets, Activation[] entries)
    {
        Features = features;
        Rows = rows;
        _offsets = offsets;
        _entries = entries;
        for (var f = 0; f < features; f++) _entries.AsSpan(_offsets[f], _offsets[f + 1] - _offsets[f]).Sort();
    }

    public int Features { get; }

    public int Rows { get; }

    /// <summary>Feature <paramref name="feature"/>'s firings, ascending by activation.</summary>
    public ReadOnlySpan<Activation> Column(int feature) => _entries.AsSpan(_offsets[feature], _offsets[feature + 1] - _offsets[feature]);

    /// <summary>How many rows of <paramref name="rows"/> the feature fires on.</summary>
    public int FiringsIn(int feature, RowSet rows)
    {
        var n = 0;
        foreach (var a in Column(feature)) if (rows.Contains(a.Row)) n++;
        return n;
    }

    /// <summary>The rows of <paramref name="rows"/> where the feature is strongest, strongest first (at most <paramref name="count"/>).</summary>
    public List<int> TopRows(int feature, RowSet rows, int count)
    {
        var column = Column(feature);
        var top = new List<int>(count);
        for (var i = column.Length - 1; i >= 0 && top.Count < count; i--)
            if (column[i].Value > 0 && rows.Contains(column[i].Row)) top.Add(column[i].Row);
        return top;
    }

    /// <summary>
    /// Up to <paramref name="count"/> rows of <paramref name="rows"/> where the feature does not fire, spread over the
    /// corpus and fixed by <paramref name="seed"/>: a walk from a seeded start in steps of a prime that does not divide
    /// the row count, so it visits every row once and needs no list of the set's rows.
    /// </summary>
    public List<int> SilentRows(int feature, RowSet rows, int count, int seed)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var firing = new HashSet<int>();
        foreach (var a in Column(feature)) if (a.Value > 0) firing.Add(a.Row);
        var silent = new List<int>(count);
        if (Rows == 0) return silent;
        var step = Rows % 7919 == 0 ? 7907 : 7919;
        var row = new Random(seed).Next(Rows);
        for (var visited = 0; visited < Rows && silent.Count < count; visited++, row = (int)((row + (long)step) % Rows))
            if (rows.Contains(row) && !firing.Contains(row)) silent.Add(row);
        return silent;
    }

    /// <summary>From a dense row-major [rows x features] matrix (tests, small data).</summary>
    public static FeatureActivations FromDense(ReadOnlySpan<float> dense, int rows, int features)
    {
        if (dense.Length != (long)rows * features)
            throw new ArgumentException($"expected {rows} x {features} = {(long)rows * features} activations, got {dense.Length}", nameof(dense));
        var builder = new Builder(features, rows);
        builder.AddBlock(dense, 0, rows);
        return builder.Build();
    }

    /// <summary>Encodes every row of <paramref name="data"/> with <paramref name="sae"/>, <paramref name="batchSize"/> rows at a time.</summary>
    public static FeatureActivations FromSae(SparseAutoencoder sae, IEmbeddingMatrix data, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(sae);
        ArgumentNullException.ThrowIfNull(data);
        if (data.Columns != sae.DIn)
            throw new ArgumentException($"the embeddings have {data.Columns} columns but the SAE expects d_in = {sae.DIn}");
        if (data.Rows > int.MaxValue) throw new ArgumentException($"{data.Rows} rows are more than labeling handles ({int.MaxValue})");
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var rows = (int)data.Rows;
        var builder = new Builder(sae.DSae, rows);
        var buffer = new float[batchSize * sae.DIn];
        for (var start = 0; start < rows; start += batchSize)
        {
            var n = Math.Min(batchSize, rows - start);
            data.ReadRows(start, n, buffer.AsSpan(0, n * sae.DIn));
            using var scope = NewDisposeScope();
            using var x = tensor(buffer, [batchSize, sae.DIn]).narrow(0, 0, n);
            using var f = sae.Encode(x);
            builder.AddBlock(MemoryMarshal.Cast<byte, float>(f.contiguous().bytes), start, n);
        }
        return builder.Build();
    }

    /// <summary>Collects (feature, row, value) firings block by block, then groups them by feature (a counting sort).</summary>
    private sealed class Builder(int features, int rows)
    {
        private readonly List<int> _feature = [];
        private readonly List<Activation> _activation = [];

        public void AddBlock(ReadOnlySpan<float> dense, int firstRow, int count)
        {
            for (var r = 0; r < count; r++)
            {
                var row = dense.Slice(r * features, features);
                for (var f = 0; f < features; f++)
                {
                    if (row[f] == 0f) continue;
                    if (float.IsNaN(row[f])) throw new InvalidDataException($"feature {f} is NaN on row {firstRow + r}: the SAE or the embeddings are broken");
                    _feature.Add(f);
                    _activation.Add(new Activation(row[f], firstRow + r));
                }
            }
        }

        public FeatureActivations Build()
        {
            var offsets = new int[features + 1];
            foreach (var f in _feature) offsets[f + 1]++;
            for (var f = 0; f < features; f++) offsets[f + 1] += offsets[f];
            var next = offsets[..^1];
            var entries = new Activation[_activation.Count];
            for (var i = 0; i < _activation.Count; i++) entries[next[_feature[i]]++] = _activation[i];
            return new FeatureActivations(features, rows, offsets, entries);
        }
    }
}
