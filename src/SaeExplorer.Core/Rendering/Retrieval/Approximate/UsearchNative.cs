using System.Runtime.InteropServices;

namespace SaeExplorer.Core.Rendering.Retrieval.Approximate;

/// <summary>
/// USearch's C API (libusearch_c from the Cloud.Unum.USearch package), called directly: the package's managed wrapper
/// adds vectors only from float arrays and reserves capacity on every add, while the build here adds float16 rows in
/// place from the mapped corpus, from several threads at once, into capacity reserved up front.
/// </summary>
internal static unsafe partial class UsearchNative
{
    private const string Library = "libusearch_c";

    public const uint MetricCos = 1;
    public const uint ScalarF32 = 1, ScalarF16 = 3, ScalarI8 = 4;

    [StructLayout(LayoutKind.Sequential)]
    public struct InitOptions
    {
        public uint MetricKind;
        public IntPtr Metric;
        public uint Quantization;
        public nuint Dimensions;
        public nuint Connectivity;
        public nuint ExpansionAdd;
        public nuint ExpansionSearch;
        public byte Multi;
    }

    [LibraryImport(Library, EntryPoint = "usearch_init")]
    public static partial IntPtr Init(InitOptions* options, out IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_free")]
    public static partial void Free(IntPtr index, out IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_save", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void Save(IntPtr index, string path, out IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_load", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void Load(IntPtr index, string path, out IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_view", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void View(IntPtr index, string path, out IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_size")]
    public static partial nuint Size(IntPtr index, out IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_dimensions")]
    public static partial nuint Dimensions(IntPtr index, out IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_reserve")]
    public static partial void Reserve(IntPtr index, nuint capacity, out IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_change_threads_add")]
    public static partial void ChangeThreadsAdd(IntPtr index, nuint threads, out IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_change_threads_search")]
    public static partial void ChangeThreadsSearch(IntPtr index, nuint threads, out IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_change_expansion_search")]
    public static partial void ChangeExpansionSearch(IntPtr index, nuint expansion, out IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_add")]
    public static partial void Add(IntPtr index, ulong key, void* vector, uint kind, out IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_search")]
    public static partial nuint Search(IntPtr index, void* query, uint kind, nuint count, ulong* keys, float* distances, out IntPtr error);

    /// <summary>Throws when USearch reported an error (its message is static text owned by the library).</summary>
    public static void Check(IntPtr error, string doing)
    {
        if (error != IntPtr.Zero)
            throw new IOException($"USearch could not {doing}: {Marshal.PtrToStringUTF8(error)}");
    }
}
