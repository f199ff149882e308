namespace SaeExplorer.Core.Rendering.Retrieval.Approximate;

/// <summary>
/// One USearch HNSW graph over float16 (or int8) vectors with the cosine metric, keyed by corpus row: made empty to be filled,
/// loaded into memory to be filled further, or viewed (memory-mapped, read-only) to be searched. Adding and searching
/// are safe from several threads (up to the thread count given); disposing is not.
/// </summary>
internal sealed unsafe class HnswIndex : IDisposable
{
    private IntPtr _handle;

    private HnswIndex(IntPtr handle) => _handle = handle;

    /// <param name="int8">Keep vectors as int8 (half of float16's memory; the graph only proposes, the corpus rescores).</param>
    public static HnswIndex Create(int dimensions, int connectivity, int expansionAdd, int expansionSearch, bool int8 = false) =>
        new(Init(dimensions, connectivity, expansionAdd, expansionSearch, int8 ? UsearchNative.ScalarI8 : UsearchNative.ScalarF16));

    /// <param name="view">Map the file read-only instead of reading it into memory.</param>
    public static HnswIndex Open(string path, bool view)
    {
        var index = new HnswIndex(Init(0, 0, 0, 0, UsearchNative.ScalarF16)); // the file says its own
        try
        {
            IntPtr error;
            if (view)
                UsearchNative.View(index._handle, path, out error);
            else
                UsearchNative.Load(index._handle, path, out error);
            UsearchNative.Check(error, $"{(view ? "map" : "load")} the index {path}");
            return index;
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    private static IntPtr Init(int dimensions, int connectivity, int expansionAdd, int expansionSearch, uint quantization)
    {
        var options = new UsearchNative.InitOptions
        {
            MetricKind = UsearchNative.MetricCos,
            Quantization = quantization,
            Dimensions = (nuint)dimensions,
            Connectivity = (nuint)connectivity,
            ExpansionAdd = (nuint)expansionAdd,
            ExpansionSearch = (nuint)expansionSearch,
        };
        IntPtr handle = UsearchNative.Init(&options, out IntPtr error);
        UsearchNative.Check(error, "create an index");
        return handle;
    }

    public long Count
    {
        get
        {
            nuint n = UsearchNative.Size(_handle, out IntPtr error);
            UsearchNative.Check(error, "count the index");
            return (long)n;
        }
    }

    public int Dimensions
    {
        get
        {
            nuint n = UsearchNative.Dimensions(_handle, out IntPtr error);
            UsearchNative.Check(error, "read the index's dimensions");
            return (int)n;
        }
    }

    /// <summary>Room for <paramref name="capacity"/> vectors, added by up to <paramref name="threads"/> threads at once.</summary>
    public void Reserve(long capacity, int threads)
    {
        UsearchNative.Reserve(_handle, (nuint)capacity, out IntPtr error);
        UsearchNative.Check(error, $"reserve room for {capacity} vectors");
        UsearchNative.ChangeThreadsAdd(_handle, (nuint)threads, out error);
        UsearchNative.Check(error, "set the threads that add");
        UsearchNative.ChangeThreadsSearch(_handle, (nuint)threads, out error);
        UsearchNative.Check(error, "set the threads that search");
    }

    /// <summary>Candidates examined per search: higher finds more of the true nearest, slower.</summary>
    public void SetExpansionSearch(int expansion)
    {
        UsearchNative.ChangeExpansionSearch(_handle, (nuint)expansion, out IntPtr error);
        UsearchNative.Check(error, "set the search expansion");
    }

    public void Add(long key, ReadOnlySpan<Half> vector)
    {
        IntPtr error;
        fixed (Half* v = vector)
            UsearchNative.Add(_handle, (ulong)key, v, UsearchNative.ScalarF16, out error);
        UsearchNative.Check(error, $"add row {key}");
    }

    /// <summary>Up to keys.Length nearest keys to <paramref name="query"/>, nearest first, with cosine distances (1 - cos).</summary>
    public int Search(ReadOnlySpan<float> query, Span<ulong> keys, Span<float> distances)
    {
        fixed (float* q = query)
        fixed (ulong* k = keys)
        fixed (float* d = distances)
        {
            nuint found = UsearchNative.Search(_handle, q, UsearchNative.ScalarF32, (nuint)keys.Length, k, d, out IntPtr error);
            UsearchNative.Check(error, "search the index");
            return (int)found;
        }
    }

    public void Save(string path)
    {
        UsearchNative.Save(_handle, path, out IntPtr error);
        UsearchNative.Check(error, $"save the index to {path}");
    }

    public void Dispose()
    {
        if (_handle == IntPtr.Zero)
            return;
        UsearchNative.Free(_handle, out _);
        _handle = IntPtr.Zero;
    }
}
