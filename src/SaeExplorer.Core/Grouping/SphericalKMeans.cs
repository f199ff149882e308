using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SaeExplorer.Core.Grouping;

/// <summary>
/// Weighted spherical k-means on the Gram matrix G = U U^T of n unit directions with weights a_i &gt; 0.
/// The centroid of cluster C is s_C / ||s_C|| with s_C = sum_{i in C} a_i u_i, so
/// cos(u_m, centroid C) = S[C, m] / sqrt(Q_C) with S[C, m] = sum_{i in C} a_i G[i, m] and Q_C = ||s_C||^2 = sum_{m in C} a_m S[C, m],
/// and the objective sum_i a_i cos(u_i, centroid of its cluster) is sum_C sqrt(Q_C). S is kept up to date as points
/// move (a move costs two n-long updates), so an iteration is O(n k) plus O(n) per moved point.
/// One instance is the workspace of one thread; runs on it are independent and each is fully determined by its
/// random stream (sums in a fixed order, fused multiply-adds, ties to the lowest index).
/// </summary>
/// <remarks>
/// Seeding is weighted k-means++: the first seed with probability proportional to a_i, each next one proportional to
/// a_i (1 - max cos to the seeds so far), which is a_i times half the squared chord distance 2(1 - cos), i.e. the
/// usual D^2 rule on the sphere. When every remaining weight is 0 (fewer distinct directions than k), the lowest
/// index not yet a seed is taken. Each point starts in the cluster of its most similar seed, a seed always in its own.
/// An iteration assigns every point to its most similar centroid, then refills each cluster left empty (in cluster
/// order) with the point least similar to the centroid it was assigned to, taken from a cluster that keeps a member;
/// the objective cannot drop (the refilled point scores 1 alone, and ||s - a u|| + a &gt;= ||s||).
/// A cluster whose members cancel exactly (Q_C = 0) has no direction and scores 0 against every point.
/// A run stops when no point moves, when an iteration gains less than tolerance x objective, or after maxIterations.
/// </remarks>
internal sealed class SphericalKMeans
{
    private readonly float[] _gram;
    private readonly double[] _weights;
    private readonly int _n;
    private readonly double[] _sums;      // S, [k, n]
    private readonly double[] _squares;   // Q, [k]
    private readonly double[] _inverseNorms;
    private readonly int[] _counts;
    private readonly double[] _bestScore; // per point: cos to the centroid it is assigned to this iteration
    private readonly long[] _bestCluster;
    private readonly double[] _seedWeights;
    private readonly bool[] _isSeed;
    private readonly int[] _members;    // points ordered by cluster
    private readonly int[] _slots;      // next free place of each cluster in _members

    public SphericalKMeans(float[] gram, double[] weights, int maxK)
    {
        _gram = gram;
        _weights = weights;
        _n = weights.Length;
        _sums = new double[maxK * _n];
        _squares = new double[maxK];
        _inverseNorms = new double[maxK];
        _counts = new int[maxK];
        _bestScore = new double[_n];
        _bestCluster = new long[_n];
        _seedWeights = new double[_n];
        _isSeed = new bool[_n];
        _members = new int[_n];
        _slots = new int[maxK];
    }

    public KMeansRun Run(int k, GroupingRandom random, int maxIterations, double tolerance)
    {
        var assignment = new int[_n];
        Seed(k, random, assignment);
        BuildSums(k, assignment);
        var objective = Objective(k, assignment);
        var trace = new List<double> { objective };
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            ScoreAll(k);
            var moved = MoveToBest(assignment);
            moved |= RefillEmpty(k, assignment);
            if (!moved) break;
            var next = Objective(k, assignment);
            trace.Add(next);
            var gain = next - objective;
            objective = next;
            if (gain < tolerance * Math.Abs(objective)) break;
        }
        return new KMeansRun(assignment, objective, [.. trace]);
    }

    private ReadOnlySpan<float> GramRow(int i) => _gram.AsSpan(i * _n, _n);

    private Span<double> Sums(int cluster) => _sums.AsSpan(cluster * _n, _n);

    private void Seed(int k, GroupingRandom random, int[] assignment)
    {
        var first = random.PickWeighted(_weights, FixedOrder.Sum(_weights));
        // Max cos of each point to the seeds so far, and which seed; a seed's own entry is 1 (the Gram diagonal),
        // so its weight below is 0 without a check, as is that of any exact duplicate.
        var maxCos = _bestScore;
        Widen(GramRow(first), maxCos);
        Array.Clear(_bestCluster);
        Array.Clear(_isSeed);
        _isSeed[first] = true;
        for (var c = 1; c < k; c++)
        {
            TensorPrimitives.Subtract(1.0, maxCos, _seedWeights);
            TensorPrimitives.Max(_seedWeights, 0.0, _seedWeights);
            TensorPrimitives.Multiply(_seedWeights, _weights, _seedWeights);
            var total = FixedOrder.Sum(_seedWeights);
            var seed = total > 0 ? random.PickWeighted(_seedWeights, total) : Array.IndexOf(_isSeed, false);
            _isSeed[seed] = true;
            Widen(GramRow(seed), _seedWeights); // the weights are spent: their buffer holds the seed's cosines
            KeepCloser(_seedWeights, c);
            _bestCluster[seed] = c;
        }
        for (var m = 0; m < _n; m++) assignment[m] = (int)_bestCluster[m];
    }

    /// <summary>Where max cos to the seeds is above the new seed's row, raise it and move the point to cluster c.</summary>
    private void KeepCloser(ReadOnlySpan<double> row, int c)
    {
        ref var maxCos = ref MemoryMarshal.GetArrayDataReference(_bestScore);
        ref var nearest = ref MemoryMarshal.GetArrayDataReference(_bestCluster);
        ref var g = ref MemoryMarshal.GetReference(row);
        var cluster = Vector256.Create((long)c);
        var m = 0;
        for (; m + Vector256<double>.Count <= _n; m += Vector256<double>.Count)
        {
            var offset = (nuint)m;
            var cos = Vector256.LoadUnsafe(ref g, offset);
            var current = Vector256.LoadUnsafe(ref maxCos, offset);
            var closer = Vector256.GreaterThan(cos, current);
            Vector256.ConditionalSelect(closer, cos, current).StoreUnsafe(ref maxCos, offset);
            Vector256.ConditionalSelect(closer.AsInt64(), cluster, Vector256.LoadUnsafe(ref nearest, offset)).StoreUnsafe(ref nearest, offset);
        }
        for (; m < _n; m++)
            if (row[m] > _bestScore[m]) { _bestScore[m] = row[m]; _bestCluster[m] = c; }
    }

    /// <summary>S from scratch, one cluster at a time so its row stays in L1 while the members' Gram rows stream
    /// past (members in ascending order: each entry sums in point order, as a point-by-point pass would).</summary>
    private void BuildSums(int k, int[] assignment)
    {
        Array.Clear(_counts, 0, k);
        foreach (var c in assignment) _counts[c]++;
        // Counting sort of the points by cluster, ascending within each.
        var start = 0;
        for (var c = 0; c < k; c++) { _slots[c] = start; start += _counts[c]; }
        for (var m = 0; m < _n; m++) _members[_slots[assignment[m]]++] = m;
        var first = 0;
        for (var c = 0; c < k; c++)
        {
            AddRows(Sums(c), _members.AsSpan(first, _counts[c]));
            first += _counts[c];
        }
    }

    /// <summary>target = sum of a_i G[i, :] over <paramref name="points"/>, four rows per pass over the target, each
    /// entry's fused multiply-adds still applied in point order.</summary>
    private void AddRows(Span<double> target, ReadOnlySpan<int> points)
    {
        target.Clear();
        ref var t = ref MemoryMarshal.GetReference(target);
        var p = 0;
        for (; p + 4 <= points.Length; p += 4)
        {
            ref var g0 = ref _gram[points[p] * _n];
            ref var g1 = ref _gram[points[p + 1] * _n];
            ref var g2 = ref _gram[points[p + 2] * _n];
            ref var g3 = ref _gram[points[p + 3] * _n];
            double w0 = _weights[points[p]], w1 = _weights[points[p + 1]], w2 = _weights[points[p + 2]], w3 = _weights[points[p + 3]];
            var (a0, a1, a2, a3) = (Vector256.Create(w0), Vector256.Create(w1), Vector256.Create(w2), Vector256.Create(w3));
            var m = 0;
            for (; m + Vector256<float>.Count <= _n; m += Vector256<float>.Count)
            {
                var offset = (nuint)m;
                var low = Vector256.LoadUnsafe(ref t, offset);
                var high = Vector256.LoadUnsafe(ref t, offset + 4);
                (low, high) = Accumulate(Vector256.LoadUnsafe(ref g0, offset), a0, low, high);
                (low, high) = Accumulate(Vector256.LoadUnsafe(ref g1, offset), a1, low, high);
                (low, high) = Accumulate(Vector256.LoadUnsafe(ref g2, offset), a2, low, high);
                (low, high) = Accumulate(Vector256.LoadUnsafe(ref g3, offset), a3, low, high);
                low.StoreUnsafe(ref t, offset);
                high.StoreUnsafe(ref t, offset + 4);
            }
            for (; m < _n; m++)
            {
                var sum = Math.FusedMultiplyAdd(Unsafe.Add(ref g0, m), w0, target[m]);
                sum = Math.FusedMultiplyAdd(Unsafe.Add(ref g1, m), w1, sum);
                sum = Math.FusedMultiplyAdd(Unsafe.Add(ref g2, m), w2, sum);
                target[m] = Math.FusedMultiplyAdd(Unsafe.Add(ref g3, m), w3, sum);
            }
        }
        for (; p < points.Length; p++) AddScaled(target, GramRow(points[p]), _weights[points[p]]);
    }

    /// <summary>The eight float cosines widened to double, times a, added to (low, high) with fused multiply-adds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<double> Low, Vector256<double> High) Accumulate(Vector256<float> row, Vector256<double> a,
        Vector256<double> low, Vector256<double> high)
    {
        var (rowLow, rowHigh) = Vector256.Widen(row);
        return (Vector256.FusedMultiplyAdd(rowLow, a, low), Vector256.FusedMultiplyAdd(rowHigh, a, high));
    }

    /// <summary>target += a * row, element by element (fused), the float row widened to double.</summary>
    private static void AddScaled(Span<double> target, ReadOnlySpan<float> row, double a)
    {
        ref var t = ref MemoryMarshal.GetReference(target);
        ref var g = ref MemoryMarshal.GetReference(row);
        var scale = Vector256.Create(a);
        var m = 0;
        for (; m + Vector256<float>.Count <= target.Length; m += Vector256<float>.Count)
        {
            var offset = (nuint)m;
            var (low, high) = Accumulate(Vector256.LoadUnsafe(ref g, offset), scale, Vector256.LoadUnsafe(ref t, offset), Vector256.LoadUnsafe(ref t, offset + 4));
            low.StoreUnsafe(ref t, offset);
            high.StoreUnsafe(ref t, offset + 4);
        }
        for (; m < target.Length; m++) target[m] = Math.FusedMultiplyAdd(row[m], a, target[m]);
    }

    private static void Widen(ReadOnlySpan<float> source, Span<double> destination)
    {
        for (var m = 0; m < source.Length; m++) destination[m] = source[m];
    }

    /// <summary>Recomputes Q from S (in point order) and returns sum_C sqrt(Q_C).</summary>
    private double Objective(int k, int[] assignment)
    {
        Array.Clear(_squares, 0, k);
        for (var m = 0; m < _n; m++) _squares[assignment[m]] += _weights[m] * _sums[assignment[m] * _n + m];
        var objective = 0.0;
        for (var c = 0; c < k; c++) objective += Math.Sqrt(Math.Max(0, _squares[c]));
        return objective;
    }

    /// <summary>Each point's most similar centroid (ties to the lower cluster) and its cosine; the same comparisons
    /// element by element as a scalar loop, four points at a time.</summary>
    private void ScoreAll(int k)
    {
        for (var c = 0; c < k; c++) _inverseNorms[c] = _squares[c] > 0 ? 1 / Math.Sqrt(_squares[c]) : 0;
        TensorPrimitives.Multiply(Sums(0), _inverseNorms[0], _bestScore);
        Array.Clear(_bestCluster);
        ref var best = ref MemoryMarshal.GetArrayDataReference(_bestScore);
        ref var bestCluster = ref MemoryMarshal.GetArrayDataReference(_bestCluster);
        for (var c = 1; c < k; c++)
        {
            ref var sums = ref _sums[c * _n];
            var inverse = _inverseNorms[c];
            var inverses = Vector256.Create(inverse);
            var cluster = Vector256.Create((long)c);
            var m = 0;
            for (; m + Vector256<double>.Count <= _n; m += Vector256<double>.Count)
            {
                var offset = (nuint)m;
                var score = Vector256.LoadUnsafe(ref sums, offset) * inverses;
                var current = Vector256.LoadUnsafe(ref best, offset);
                var better = Vector256.GreaterThan(score, current);
                Vector256.ConditionalSelect(better, score, current).StoreUnsafe(ref best, offset);
                Vector256.ConditionalSelect(better.AsInt64(), cluster, Vector256.LoadUnsafe(ref bestCluster, offset)).StoreUnsafe(ref bestCluster, offset);
            }
            for (; m < _n; m++)
            {
                var score = Unsafe.Add(ref sums, m) * inverse;
                if (score > _bestScore[m]) { _bestScore[m] = score; _bestCluster[m] = c; }
            }
        }
    }

    private bool MoveToBest(int[] assignment)
    {
        var moved = false;
        for (var m = 0; m < _n; m++)
        {
            if (_bestCluster[m] == assignment[m]) continue;
            Move(m, assignment[m], (int)_bestCluster[m], assignment);
            moved = true;
        }
        return moved;
    }

    private bool RefillEmpty(int k, int[] assignment)
    {
        var refilled = false;
        for (var c = 0; c < k; c++)
        {
            if (_counts[c] > 0) continue;
            var worst = -1;
            for (var m = 0; m < _n; m++)
                if (_counts[assignment[m]] > 1 && (worst < 0 || _bestScore[m] < _bestScore[worst])) worst = m;
            Move(worst, assignment[worst], c, assignment);
            _bestScore[worst] = double.PositiveInfinity; // now alone: never the next one to take
            refilled = true;
        }
        return refilled;
    }

    private void Move(int point, int from, int to, int[] assignment)
    {
        var row = GramRow(point);
        var a = _weights[point];
        var source = Sums(from);
        var target = Sums(to);
        AddScaled(source, row, -a);
        AddScaled(target, row, a);
        _counts[from]--;
        _counts[to]++;
        assignment[point] = to;
    }
}
