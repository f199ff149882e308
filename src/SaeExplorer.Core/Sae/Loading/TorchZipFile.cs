using System.Collections;
using System.IO.Compression;
using Razorvine.Pickle;
using Razorvine.Pickle.Objects;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Sae.Loading;

/// <summary>
/// A torch.save zip (a state dict) opened without reading its tensors: data.pkl is unpickled for each tensor's storage
/// entry (data/&lt;key&gt;), dtype, offset, shape and strides, and each tensor's bytes are then read from its entry, once,
/// into place (<see cref="StoredTensorReader"/>). TorchSharp.PyBridge's reader holds every storage as a byte array and
/// then copies it into a tensor, twice the weights at once; this one holds nothing it does not keep.
/// </summary>
internal sealed class TorchZipFile : IDisposable
{
    private static readonly Lock Registering = new();
    private readonly ZipArchive _archive;

    private TorchZipFile(ZipArchive archive, IReadOnlyDictionary<string, StoredTensor> tensors)
    {
        _archive = archive;
        Tensors = tensors;
    }

    public IReadOnlyDictionary<string, StoredTensor> Tensors { get; }

    /// <summary>Opens the zip in <paramref name="stream"/> (which it then owns); <paramref name="source"/> names the file in messages.</summary>
    public static TorchZipFile Open(Stream stream, string source)
    {
        try
        {
            Span<byte> head = stackalloc byte[2];
            if (stream.ReadAtLeast(head, 2, throwOnEndOfStream: false) < 2 || head[0] != (byte)'P' || head[1] != (byte)'K')
                throw new SaeFormatException(
                    $"{source}: not a zip-format torch.save file (saved by the legacy format, or not a state dict at all); re-save it with a current torch.save");
            stream.Position = 0;
            var archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
            try
            {
                return new TorchZipFile(archive, Unpickle(archive, source));
            }
            catch
            {
                archive.Dispose();
                throw;
            }
        }
        catch (Exception e) when (e is InvalidDataException or InvalidCastException or EndOfStreamException or InvalidOperationException
                                      or IOException or NotSupportedException or IndexOutOfRangeException)
        {
            stream.Dispose();
            throw new SaeFormatException($"{source}: not a readable torch.save state dict, or the file is truncated ({e.GetType().Name}: {e.Message})", e);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The first of <paramref name="names"/> the file holds; otherwise the error lists the keys it does hold.</summary>
    public StoredTensor Require(string source, params string[] names)
    {
        foreach (var n in names)
            if (Tensors.TryGetValue(n, out var t)) return t;
        throw new SaeFormatException(
            $"{source}: expected tensor '{string.Join("' or '", names)}' not found; keys found: {SaeFile.Keys(Tensors.Keys)}");
    }

    public void Dispose() => _archive.Dispose();

    private static Dictionary<string, StoredTensor> Unpickle(ZipArchive archive, string source)
    {
        var pickle = archive.Entries.FirstOrDefault(e => e.FullName.EndsWith("data.pkl", StringComparison.Ordinal))
                     ?? throw new SaeFormatException($"{source}: the zip has no data.pkl, so it is not a torch.save file");
        var storages = archive.Entries.Where(e => e.FullName.Contains("/data/", StringComparison.Ordinal))
            .ToDictionary(e => e.FullName[(e.FullName.LastIndexOf("/data/", StringComparison.Ordinal) + 6)..], StringComparer.Ordinal);
        object loaded;
        // The unpickler's constructors are registered process-wide; these are registered again before each load.
        lock (Registering)
        {
            Unpickler.registerConstructor("torch._utils", "_rebuild_tensor", new TensorConstructor());
            Unpickler.registerConstructor("torch._utils", "_rebuild_tensor_v2", new TensorConstructor());
            Unpickler.registerConstructor("torch._utils", "_rebuild_parameter", new ParameterConstructor());
            Unpickler.registerConstructor("collections", "OrderedDict", new OrderedDictConstructor());
            using var reader = new StorageUnpickler();
            using var stream = pickle.Open();
            try
            {
                loaded = reader.load(stream);
            }
            catch (Exception e) when (e is not (SaeFormatException or OutOfMemoryException))
            {
                // A damaged pickle makes the unpickler trip on whatever it meets (a bad float, an empty stack, ...).
                throw new SaeFormatException($"{source}: data.pkl is not a readable pickle ({e.GetType().Name}: {e.Message})", e);
            }
        }
        if (loaded is not IDictionary dict)
            throw new SaeFormatException($"{source}: data.pkl holds a {loaded?.GetType().Name ?? "null"}, not a state dict");
        var tensors = new Dictionary<string, StoredTensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in dict)
        {
            if (e.Key is string name && e.Value is PickledTensor t) tensors[name] = t.Stored(name, storages, source);
        }
        return tensors;
    }

    /// <summary>What torch.save pickles in place of a storage: its entry key, dtype and length.</summary>
    private sealed record StorageRef(string Key, ScalarType DType, long Elements);

    private sealed record PickledTensor(StorageRef Storage, long Offset, long[] Shape, long[] Strides)
    {
        public StoredTensor Stored(string name, IReadOnlyDictionary<string, ZipArchiveEntry> entries, string source)
        {
            if (!entries.TryGetValue(Storage.Key, out var entry))
                throw new SaeFormatException($"{source}: tensor '{name}' names storage data/{Storage.Key}, which the zip does not hold");
            var stored = new StoredTensor(name, Storage.DType, Shape, () => Stream.Null);
            long expected = 1;
            for (var d = Shape.Length - 1; d >= 0; d--)
            {
                if (Shape[d] != 1 && Strides[d] != expected)
                    throw new SaeFormatException(
                        $"{source}: {stored} is stored with strides [{string.Join(", ", Strides)}], not in C order; save it with .contiguous()");
                expected *= Shape[d];
            }
            // Other dtypes may sit in a state dict beside the weights (a step counter); only reading them is refused.
            int size = Storage.DType switch
            {
                ScalarType.Float64 or ScalarType.Int64 => 8,
                ScalarType.Float32 or ScalarType.Int32 => 4,
                ScalarType.Float16 or ScalarType.BFloat16 => 2,
                _ => 1,
            };
            long start = Offset * size, length = stored.ElementCount * size;
            if (entry.Length < start + length || Storage.Elements < Offset + stored.ElementCount)
                throw new SaeFormatException(
                    $"{source}: {stored} needs {start + length} bytes of data/{Storage.Key}, which holds {entry.Length}: the file is truncated");
            return stored with { Open = () => Window(entry, start, length) };
        }

        private static Stream Window(ZipArchiveEntry entry, long start, long length)
        {
            var stream = entry.Open();
            if (start > 0)
            {
                var skip = new byte[Math.Min(start, 1 << 16)];
                for (long left = start; left > 0;)
                    left -= stream.ReadAtLeast(skip.AsSpan(0, (int)Math.Min(left, skip.Length)), 1);
            }
            return stream;
        }
    }

    private sealed class StorageUnpickler : Unpickler
    {
        protected override object persistentLoad(object pid)
        {
            // ("storage", storage type, key, location, element count)
            if (pid is not object[] { Length: >= 5 } id || id[0] as string != "storage" || id[1] is not ClassDictConstructor type)
                throw new InvalidDataException("data.pkl names a persistent object that is not a tensor storage");
            return new StorageRef(Convert.ToString(id[2], System.Globalization.CultureInfo.InvariantCulture)!, type.name switch
            {
                "FloatStorage" => ScalarType.Float32,
                "HalfStorage" => ScalarType.Float16,
                "BFloat16Storage" => ScalarType.BFloat16,
                "DoubleStorage" => ScalarType.Float64,
                "LongStorage" => ScalarType.Int64,
                "IntStorage" => ScalarType.Int32,
                "ByteStorage" => ScalarType.Byte,
                "BoolStorage" => ScalarType.Bool,
                var other => throw new InvalidDataException($"data.pkl names a storage of type {other}"),
            }, Convert.ToInt64(id[4], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>torch._utils._rebuild_tensor_v2(storage, offset, shape, strides, requires_grad, hooks, ...).</summary>
    private sealed class TensorConstructor : IObjectConstructor
    {
        public object construct(object[] args) => new PickledTensor((StorageRef)args[0], Convert.ToInt64(args[1], System.Globalization.CultureInfo.InvariantCulture),
            Longs(args[2]), Longs(args[3]));

        private static long[] Longs(object tuple) => ((object[])tuple).Select(v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    private sealed class ParameterConstructor : IObjectConstructor
    {
        public object construct(object[] args) =>
            throw new InvalidDataException("the file holds a whole model, not a state dict: save model.state_dict() instead");
    }

    private sealed class OrderedDictConstructor : IObjectConstructor
    {
        public object construct(object[] args) => new OrderedDict();
    }

    /// <summary>The state dict; its pickled _metadata (module versions) is state this reader has no use for.</summary>
    private sealed class OrderedDict : Hashtable
    {
        // Called by the unpickler's BUILD with the dict's instance state.
#pragma warning disable IDE1006, CA1822 // the unpickler looks the method up by Python's name
        public void __setstate__(Hashtable state)
        {
        }
#pragma warning restore IDE1006, CA1822
    }
}
