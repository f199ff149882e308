using System.Runtime.CompilerServices;

namespace SaeExplorer.Core.Indexing;

/// <summary>
/// Each feature's quantile-band samples during an index build: per feature, Bands slots each keeping the bottom-M rows
/// by (hash, row), a max-heap with the largest kept hash at the root. Slot s &lt; Bands-1 holds the rows whose histogram
/// bin is Top - s; slot Bands-1 (the floor) holds every row in a lower bin. Top only rises; when it does, slots slide
/// down and those that pass the floor merge into it (bottom-M of a union = bottom-M of the parts' bottom-Ms), so the
/// kept set depends only on the rows offered, not their order.
/// </summary>
internal sealed class BandSamples
{
    public readonly int Bands, M;
    public readonly int[] Top;
    public readonly int[] Count;
    public readonly int[] Rows;
    public readonly float[] Acts;
    public readonly uint[] Hashes;

    public BandSamples(int features, int bands, int m)
    {
        Bands = bands;
        M = m;
        Top = new int[features];
        Array.Fill(Top, -1);
        Count = new int[features * bands];
        Rows = new int[features * bands * m];
        Acts = new float[features * bands * m];
        Hashes = new uint[features * bands * m];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Larger(uint h1, int r1, uint h2, int r2) => h1 > h2 || (h1 == h2 && r1 > r2);

    /// <summary>Offers a row of <paramref name="feature"/> whose activation falls in histogram bin <paramref name="bin"/>.</summary>
    public void Offer(int feature, int row, float a, int bin)
    {
        int top = Top[feature];
        if (top < 0)
            Top[feature] = top = bin;
        else if (bin > top)
        {
            Slide(feature, bin - top);
            Top[feature] = top = bin;
        }
        int slot = feature * Bands + Math.Min(top - bin, Bands - 1);
        OfferSlot(slot, row, a, IndexLayout.SampleHash(row, feature));
    }

    private void Slide(int feature, int shift)
    {
        int b0 = feature * Bands, floor = b0 + Bands - 1;
        for (int s = Bands - 2; s >= 0; s--)
        {
            int from = b0 + s, n = Count[from];
            if (n == 0)
                continue;
            int to = s + shift >= Bands - 1 ? floor : b0 + s + shift;
            if (to == floor)
            {
                for (int i = 0; i < n; i++)
                {
                    int e = from * M + i;
                    OfferSlot(floor, Rows[e], Acts[e], Hashes[e]);
                }
            }
            else
            {
                // The target slot was emptied earlier in this loop (higher s first).
                Array.Copy(Rows, from * M, Rows, to * M, n);
                Array.Copy(Acts, from * M, Acts, to * M, n);
                Array.Copy(Hashes, from * M, Hashes, to * M, n);
                Count[to] = n;
            }
            Count[from] = 0;
        }
    }

    private void OfferSlot(int slot, int row, float a, uint h)
    {
        int o = slot * M, n = Count[slot];
        if (n == M)
        {
            if (!Larger(Hashes[o], Rows[o], h, row))
                return;
            SiftDownSample(o, n, 0, row, a, h);
            return;
        }
        int i = n;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Larger(h, row, Hashes[o + parent], Rows[o + parent]))
                break;
            MoveSample(o + parent, o + i);
            i = parent;
        }
        Rows[o + i] = row;
        Acts[o + i] = a;
        Hashes[o + i] = h;
        Count[slot] = n + 1;
    }

    private void SiftDownSample(int o, int n, int i, int row, float a, uint h)
    {
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= n)
                break;
            if (child + 1 < n && Larger(Hashes[o + child + 1], Rows[o + child + 1], Hashes[o + child], Rows[o + child]))
                child++;
            if (!Larger(Hashes[o + child], Rows[o + child], h, row))
                break;
            MoveSample(o + child, o + i);
            i = child;
        }
        Rows[o + i] = row;
        Acts[o + i] = a;
        Hashes[o + i] = h;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void MoveSample(int from, int to)
    {
        Rows[to] = Rows[from];
        Acts[to] = Acts[from];
        Hashes[to] = Hashes[from];
    }

    /// <summary>Sorts each of feature's slots by (hash, row) ascending; unused entries (-1, 0, 0).</summary>
    public void Sort(int feature)
    {
        for (int s = 0; s < Bands; s++)
        {
            int slot = feature * Bands + s, o = slot * M, n = Count[slot];
            for (int end = n - 1; end > 0; end--)
            {
                int r = Rows[o + end];
                float a = Acts[o + end];
                uint h = Hashes[o + end];
                MoveSample(o, o + end);
                SiftDownSample(o, end, 0, r, a, h);
            }
            for (int i = n; i < M; i++)
            {
                Rows[o + i] = -1;
                Acts[o + i] = 0f;
                Hashes[o + i] = 0;
            }
        }
    }

    /// <summary>Adds a finished part's samples of <paramref name="feature"/> (none when the feature never fired there).</summary>
    public void Merge(FeatureIndex part, int feature)
    {
        int otherTop = part.BandTops[feature];
        if (otherTop < 0)
            return;
        if (Top[feature] < 0)
            Top[feature] = otherTop;
        else if (otherTop > Top[feature])
        {
            Slide(feature, otherTop - Top[feature]);
            Top[feature] = otherTop;
        }
        int offset = Top[feature] - otherTop;
        for (int s = 0; s < Bands; s++)
        {
            int slot = feature * Bands + Math.Min(s + offset, Bands - 1);
            int from = (feature * Bands + s) * M, cnt = part.SampleCounts[feature * Bands + s];
            for (int i = 0; i < cnt; i++)
            {
                int row = part.SampleRows[from + i];
                OfferSlot(slot, row, part.SampleActivations[from + i], IndexLayout.SampleHash(row, feature));
            }
        }
    }

    public BandSamples Clone()
    {
        var c = new BandSamples(Top.Length, Bands, M);
        Top.CopyTo(c.Top, 0);
        Count.CopyTo(c.Count, 0);
        Rows.CopyTo(c.Rows, 0);
        Acts.CopyTo(c.Acts, 0);
        Hashes.CopyTo(c.Hashes, 0);
        return c;
    }
}
