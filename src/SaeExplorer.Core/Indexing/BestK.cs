using System.Runtime.CompilerServices;

namespace SaeExplorer.Core.Indexing;

/// <summary>
/// The k best (id, score) pairs seen so far, kept sorted best first in caller-owned spans: higher score
/// first, equal scores by lower id. Because ties are decided by id, the result does not depend on the
/// order candidates arrive in, so partial lists (one per block or thread) can be merged by offering
/// one list's entries to another. The spans' length is k; <see cref="Count"/> entries are filled.
/// Callers keep NaN out: a NaN score would take a free slot and never be displaced.
/// </summary>
internal ref struct BestK
{
    private readonly Span<int> _ids;
    private readonly Span<float> _scores;
    private int _count;

    /// <param name="count">How many leading entries already hold a best-first list (to continue one).</param>
    public BestK(Span<int> ids, Span<float> scores, int count = 0)
    {
        if (ids.Length != scores.Length)
            throw new ArgumentException($"ids ({ids.Length}) and scores ({scores.Length}) must have the same length k");
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, ids.Length);
        _ids = ids;
        _scores = scores;
        _count = count;
    }

    public readonly int Count => _count;

    /// <summary>Inserts the candidate if it ranks among the k best.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Offer(int id, float score)
    {
        int k = _ids.Length;
        int i;
        if (_count == k)
        {
            if (k == 0 || !Precedes(score, id, _scores[k - 1], _ids[k - 1]))
                return;
            i = k - 1;
        }
        else
        {
            i = _count++;
        }
        while (i > 0 && Precedes(score, id, _scores[i - 1], _ids[i - 1]))
        {
            _scores[i] = _scores[i - 1];
            _ids[i] = _ids[i - 1];
            i--;
        }
        _scores[i] = score;
        _ids[i] = id;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Precedes(float score, int id, float otherScore, int otherId) =>
        score > otherScore || (score == otherScore && id < otherId);
}
