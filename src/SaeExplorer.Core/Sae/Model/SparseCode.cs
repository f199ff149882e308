namespace SaeExplorer.Core.Sae.Model;

/// <summary>Active features of one input: indices and activations, sorted by activation, largest first
/// (ties by ascending index, so the order is deterministic).</summary>
public sealed record SparseCode(int[] Indices, float[] Values)
{
    public int Count => Indices.Length;

    /// <summary>Collects the non-zero entries of a dense code.</summary>
    public static SparseCode FromDense(ReadOnlySpan<float> dense)
    {
        var n = 0;
        foreach (var v in dense) if (v != 0f) n++;
        var idx = new int[n];
        var j = 0;
        for (var i = 0; i < dense.Length; i++)
            if (dense[i] != 0f) idx[j++] = i;
        var copy = dense.ToArray();
        Array.Sort(idx, (a, b) => copy[b] != copy[a] ? copy[b].CompareTo(copy[a]) : a.CompareTo(b));
        var val = new float[n];
        for (var i = 0; i < n; i++) val[i] = copy[idx[i]];
        return new SparseCode(idx, val);
    }

    /// <summary>Dense vector of length <paramref name="dSae"/>.</summary>
    public float[] ToDense(int dSae)
    {
        var d = new float[dSae];
        for (var i = 0; i < Indices.Length; i++) d[Indices[i]] = Values[i];
        return d;
    }
}
