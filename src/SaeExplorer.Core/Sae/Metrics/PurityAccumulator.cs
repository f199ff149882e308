namespace SaeExplorer.Core.Sae.Metrics;

/// <summary>What counts for <see cref="Purity"/>: the top <see cref="Top"/> images of a unit, over units firing on at least <see cref="MinFiring"/>.</summary>
public sealed record PurityOptions
{
    public int Top { get; init; } = 8;
    public int MinFiring { get; init; } = 5;

    public void Validate()
    {
        if (Top < 1) throw new ArgumentException($"purity: Top must be at least 1, got {Top}");
        if (MinFiring < 1) throw new ArgumentException($"purity: MinFiring must be at least 1, got {MinFiring}");
    }
}

/// <summary>Mean purity over the units that qualified; NaN when none did.</summary>
/// <param name="Units">Units that fired on at least MinFiring images (those averaged).</param>
/// <param name="Candidates">All units looked at.</param>
/// <param name="Chance">The mean purity the same units would have with random top images of the same lengths
/// (<see cref="PurityChance"/>): what <paramref name="Purity"/> is to be read against. NaN in reports from before it was kept.</param>
/// <param name="StandardError">Standard error of <paramref name="Purity"/> over the units (NaN with fewer than two).</param>
public sealed record UnitPurity(double Purity, int Units, int Candidates, double Chance = double.NaN, double StandardError = double.NaN)
{
    /// <summary>Purity above chance.</summary>
    public double Lift => Purity - Chance;
}

/// <summary>
/// Streams images (a unit activation vector and a category each) and scores how category-pure each unit's
/// top images are. A unit fires on an image when its activation is &gt; 0; its top images are the (at most
/// <see cref="PurityOptions.Top"/>) images it fires on most strongly, ties going to the image added first;
/// its purity is the share of those images in their most common category.
/// </summary>
public sealed class PurityAccumulator
{
    private readonly int _units, _top;
    private readonly PurityOptions _options;
    private readonly float[] _topValues;   // [unit, slot], descending per unit
    private readonly int[] _topCategories; // category of the image in that slot
    private readonly int[] _filled;
    private readonly long[] _fired;
    private readonly List<int> _imagesPerCategory = [];

    public PurityAccumulator(int units, PurityOptions? options = null)
    {
        _options = options ?? new PurityOptions();
        _options.Validate();
        if (units < 0) throw new ArgumentException($"purity: unit count must be >= 0, got {units}");
        _units = units;
        _top = _options.Top;
        _topValues = new float[(long)units * _top];
        _topCategories = new int[(long)units * _top];
        _filled = new int[units];
        _fired = new long[units];
    }

    /// <summary>One image: its activation for every unit and its category (a small non-negative id).</summary>
    public void Add(ReadOnlySpan<float> activations, int category)
    {
        if (activations.Length != _units)
            throw new ArgumentException($"purity: expected {_units} activations per image, got {activations.Length}");
        if (category < 0) throw new ArgumentException($"purity: category id must be >= 0, got {category}");
        while (_imagesPerCategory.Count <= category) _imagesPerCategory.Add(0);
        _imagesPerCategory[category]++;
        for (var u = 0; u < _units; u++)
        {
            var a = activations[u];
            if (!(a > 0f)) continue;
            _fired[u]++;
            Insert(u, a, category);
        }
    }

    /// <summary>Keeps unit u's slots sorted by value, descending; an equal value goes after the earlier image.</summary>
    private void Insert(int u, float value, int category)
    {
        var slots = _topValues.AsSpan(u * _top, _top);
        var cats = _topCategories.AsSpan(u * _top, _top);
        var n = _filled[u];
        if (n == _top && !(value > slots[n - 1])) return;
        var at = n == _top ? n - 1 : n;
        while (at > 0 && value > slots[at - 1])
        {
            slots[at] = slots[at - 1];
            cats[at] = cats[at - 1];
            at--;
        }
        slots[at] = value;
        cats[at] = category;
        if (n < _top) _filled[u] = n + 1;
    }

    public UnitPurity Result()
    {
        var purities = new List<double>();
        var chance = 0.0;
        var counts = new Dictionary<int, int>();
        var chanceOfLength = new double[_top + 1]; // 0: not worked out yet
        for (var u = 0; u < _units; u++)
        {
            if (_fired[u] < _options.MinFiring) continue;
            counts.Clear();
            var best = 0;
            var length = _filled[u];
            foreach (var c in _topCategories.AsSpan(u * _top, length))
                best = Math.Max(best, counts[c] = counts.GetValueOrDefault(c) + 1);
            purities.Add((double)best / length);
            if (chanceOfLength[length] == 0) chanceOfLength[length] = PurityChance.Expected(_imagesPerCategory, length);
            chance += chanceOfLength[length];
        }
        var n = purities.Count;
        if (n == 0) return new UnitPurity(double.NaN, 0, _units);
        var mean = purities.Average();
        var error = n > 1 ? Math.Sqrt(purities.Sum(p => (p - mean) * (p - mean)) / (n - 1) / n) : double.NaN;
        return new UnitPurity(mean, n, _units, chance / n, error);
    }
}
