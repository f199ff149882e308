namespace SaeExplorer.Core.Grouping;

/// <summary>
/// SplitMix64: a tiny portable generator, so a seed gives the same draws on every machine and runtime
/// (System.Random's algorithm is an implementation detail). Each (seed, k, restart) run gets its own
/// stream, so runs can execute in any order or on any thread.
/// </summary>
internal sealed class GroupingRandom
{
    private ulong _state;

    private GroupingRandom(ulong state) => _state = state;

    /// <summary>The stream of run (<paramref name="k"/>, <paramref name="restart"/>) under <paramref name="seed"/>.</summary>
    public static GroupingRandom For(int seed, int k, int restart)
    {
        // Mix each part through the finaliser so neighbouring (k, restart) pairs start far apart.
        var state = Mix((ulong)(uint)seed);
        state = Mix(state ^ (ulong)(uint)k);
        state = Mix(state ^ (ulong)(uint)restart);
        return new GroupingRandom(state);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>
    /// An index drawn with probability weights[i] / total, walking the cumulative sum in index order
    /// (weights must be non-negative, total their sum and positive).
    /// </summary>
    public int PickWeighted(ReadOnlySpan<double> weights, double total)
    {
        var target = NextDouble() * total;
        var cumulative = 0.0;
        var last = -1;
        for (var i = 0; i < weights.Length; i++)
        {
            if (weights[i] <= 0) continue;
            cumulative += weights[i];
            last = i;
            if (cumulative > target) return i;
        }
        return last; // rounding left target at the very top: the last positive weight
    }

    private ulong Next()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
