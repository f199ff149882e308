namespace SaeExplorer.Core.Labeling;

/// <summary>A named subset of the corpus rows (the training or the held-out images), for membership tests in O(1).</summary>
public sealed class RowSet
{
    private readonly bool[] _contains;

    public RowSet(string name, IEnumerable<long> rows, int totalRows)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _contains = new bool[totalRows];
        foreach (var row in rows)
        {
            if (row < 0 || row >= totalRows)
                throw new ArgumentOutOfRangeException(nameof(rows), $"{name} row {row} is outside the corpus's {totalRows} rows");
            if (!_contains[row]) Count++;
            _contains[row] = true;
        }
    }

    /// <summary>"training" or "held-out": the messages of undefined scores name it.</summary>
    public string Name { get; }

    public int Count { get; }

    public int TotalRows => _contains.Length;

    public bool Contains(int row) => _contains[row];

    /// <summary>How many of the sorted corpus <paramref name="rows"/> are in this set.</summary>
    public int CountIn(ReadOnlySpan<int> rows)
    {
        var n = 0;
        foreach (var r in rows) if (_contains[r]) n++;
        return n;
    }

    /// <summary>The rows of <paramref name="rows"/> in this set, order kept.</summary>
    public int[] Intersect(ReadOnlySpan<int> rows)
    {
        var result = new List<int>();
        foreach (var r in rows) if (_contains[r]) result.Add(r);
        return [.. result];
    }
}
