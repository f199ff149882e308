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
    private readonly double[] _gram;
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

    public SphericalKMeans(double[] gram, double[] weights, int maxK)
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
            var moved = MoveToBest(k, assignment);
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

    private ReadOnlySpan<double> GramRow(int i) => _gram.AsSpan(i * _n, _n);

    private Span<double> Sums(int cluster) => _sums.AsSpan(cluster * _n, _n);

    private void Seed(int k, GroupingRandom random, int[] assignment)
    {
        var first = random.PickWeighted(_weights, FixedOrder.Sum(_weights));
        // Max cos of each point to the seeds so far, and which seed; a seed's own entry is 1 (the Gram diagonal),
        // so its weight below is 0 without a check, as is that of any exact duplicate.
        var maxCos = _bestScore;
        GramRow(first).CopyTo(maxCos);
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
            KeepCloser(GramRow(seed), c);
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

    private void BuildSums(int k, int[] assignment)
    {
        _sums.AsSpan(0, k * _n).Clear();
        Array.Clear(_counts, 0, k);
        for (var m = 0; m < _n; m++)
        {
            var sums = Sums(assignment[m]);
            TensorPrimitives.FusedMultiplyAdd(GramRow(m), _weights[m], sums, sums);
            _counts[assignment[m]]++;
        }
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

    private bool MoveToBest(int k, int[] assignment)
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
        TensorPrimitives.FusedMultiplyAdd(row, -a, source, source);
        TensorPrimitives.FusedMultiplyAdd(row, a, target, target);
        _counts[from]--;
        _counts[to]++;
        assignment[point] = to;
    }
}
