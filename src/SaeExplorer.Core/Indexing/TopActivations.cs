using System.Runtime.CompilerServices;

namespace SaeExplorer.Core.Indexing;

/// <summary>
/// Each feature's K strongest rows during an index build: one min-heap per feature on (activation, -row), root = the
/// worst kept entry, flat in [features x K] arrays. The kept set depends only on the entries offered, not their order.
/// </summary>
internal sealed class TopActivations
{
    public readonly int K;
    public readonly int[] Count;
    public readonly int[] Rows;
    public readonly float[] Acts;

    public TopActivations(int features, int k)
    {
        K = k;
        Count = new int[features];
        Rows = new int[features * k];
        Acts = new float[features * k];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Worse(float a1, int r1, float a2, int r2) => a1 < a2 || (a1 == a2 && r1 > r2);

    public void Offer(int feature, int row, float a)
    {
        int n = Count[feature];
        int o = feature * K;
        if (n == K)
        {
            // Fast reject against the K-th best so far.
            if (!Worse(Acts[o], Rows[o], a, row))
                return;
            SiftDown(o, n, 0, row, a);
            return;
        }
        int i = n;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Worse(a, row, Acts[o + parent], Rows[o + parent]))
                break;
            Acts[o + i] = Acts[o + parent];
            Rows[o + i] = Rows[o + parent];
            i = parent;
        }
        Acts[o + i] = a;
        Rows[o + i] = row;
        Count[feature] = n + 1;
    }

    private void SiftDown(int o, int n, int i, int row, float a)
    {
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= n)
                break;
            if (child + 1 < n && Worse(Acts[o + child + 1], Rows[o + child + 1], Acts[o + child], Rows[o + child]))
                child++;
            if (!Worse(Acts[o + child], Rows[o + child], a, row))
                break;
            Acts[o + i] = Acts[o + child];
            Rows[o + i] = Rows[o + child];
            i = child;
        }
        Acts[o + i] = a;
        Rows[o + i] = row;
    }

    /// <summary>Turns feature's heap into a list sorted best first (activation desc, row asc); unused slots (-1, 0).</summary>
    public void Sort(int feature)
    {
        int o = feature * K, n = Count[feature];
        for (int end = n - 1; end > 0; end--)
        {
            float a = Acts[o + end];
            int r = Rows[o + end];
            Acts[o + end] = Acts[o];
            Rows[o + end] = Rows[o];
            SiftDown(o, end, 0, r, a);
        }
        for (int i = n; i < K; i++)
        {
            Acts[o + i] = 0f;
            Rows[o + i] = -1;
        }
    }

    public TopActivations Clone()
    {
        var c = new TopActivations(Count.Length, K);
        Count.CopyTo(c.Count, 0);
        Rows.CopyTo(c.Rows, 0);
        Acts.CopyTo(c.Acts, 0);
        return c;
    }
}
