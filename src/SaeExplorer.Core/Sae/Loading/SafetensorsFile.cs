using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SaeExplorer.Core.Sae.Loading;

/// <summary>One tensor of a safetensors file: dtype tag (F32/F16/BF16), shape and raw little-endian bytes.</summary>
public sealed record SafetensorsTensor(string Name, string DType, long[] Shape, byte[] Data)
{
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);
}

/// <summary>
/// Minimal safetensors reader/writer (spec: 8-byte LE header length N, N bytes of JSON
/// {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {str: str}}, then the byte buffer
/// with offsets relative to its start). Only the float types an SAE needs are accepted.
/// </summary>
public static class SafetensorsFile
{
    private static readonly Dictionary<string, int> ElementSizes = new() { ["F32"] = 4, ["F16"] = 2, ["BF16"] = 2 };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static int ElementSize(string dtype) => ElementSizes.TryGetValue(dtype, out var s)
        ? s : throw new SaeFormatException($"unsupported safetensors dtype '{dtype}' (supported: F32, F16, BF16)");

    public sealed record Contents(IReadOnlyDictionary<string, SafetensorsTensor> Tensors, IReadOnlyDictionary<string, string> Metadata);

    /// <summary>Every tensor of the file, read into memory (small files: sparsity, optimiser checkpoints).</summary>
    public static Contents Read(string path)
    {
        using var fs = File.OpenRead(path);
        return Named(path, () => Read(fs));
    }

    public static Contents Read(Stream s)
    {
        var header = ReadHeader(s);
        var tensors = new Dictionary<string, SafetensorsTensor>();
        foreach (var e in header.Entries)
        {
            var data = GC.AllocateUninitializedArray<byte>(checked((int)(e.End - e.Begin)));
            s.Seek(header.BodyStart + e.Begin, SeekOrigin.Begin);
            s.ReadExactly(data);
            tensors[e.Name] = new SafetensorsTensor(e.Name, e.DType, e.Shape, data);
        }
        return new Contents(tensors, header.Metadata);
    }

    /// <summary>
    /// The file's tensors by name, unread: each opens its own window of the file, so an SAE's weights are read once, into
    /// their final place (<see cref="StoredTensorReader"/>). The header is checked whole first (offsets, sizes, overlaps).
    /// </summary>
    public static IReadOnlyDictionary<string, StoredTensor> Entries(string path)
    {
        var header = Named(path, () =>
        {
            using var fs = File.OpenRead(path);
            return ReadHeader(fs);
        });
        return header.Entries.ToDictionary(e => e.Name, e => new StoredTensor(e.Name, TensorBytes.TorchDType(e.DType), e.Shape,
            () => new IO.SubReadStream(File.OpenRead(path), header.BodyStart + e.Begin, e.End - e.Begin)));
    }

    private static T Named<T>(string path, Func<T> read)
    {
        try { return read(); }
        catch (SaeFormatException e) when (!e.Message.StartsWith(Path.GetFileName(path), StringComparison.Ordinal))
        {
            throw new SaeFormatException($"{Path.GetFileName(path)}: {e.Message}", e);
        }
    }

    private sealed record Entry(string Name, string DType, long[] Shape, long Begin, long End);

    private sealed record Header(IReadOnlyList<Entry> Entries, IReadOnlyDictionary<string, string> Metadata, long BodyStart);

    private static Header ReadHeader(Stream s)
    {
        var fileLength = s.Length;
        if (fileLength < 8)
            throw new SaeFormatException($"file is {fileLength} bytes, shorter than the 8-byte header length");
        Span<byte> lenBytes = stackalloc byte[8];
        s.ReadExactly(lenBytes);
        var headerLen = BinaryPrimitives.ReadUInt64LittleEndian(lenBytes);
        if (headerLen > (ulong)(fileLength - 8))
            throw new SaeFormatException(
                $"header length {headerLen} overflows the file ({fileLength} bytes): truncated or not a safetensors file");
        var header = new byte[headerLen];
        s.ReadExactly(header);
        JsonObject root;
        try
        {
            // Strict UTF-8 first: JSON strings with invalid bytes would otherwise fail later, where a value is read.
            root = JsonFields.Parse(StrictUtf8.GetString(header)) as JsonObject
                   ?? throw new SaeFormatException("header JSON is not an object");
        }
        catch (DecoderFallbackException e)
        {
            throw new SaeFormatException($"header is not valid UTF-8 ({e.Message})", e);
        }
        catch (JsonException e)
        {
            throw new SaeFormatException($"header is not valid JSON ({e.Message})", e);
        }

        var bodyLen = fileLength - 8 - (long)headerLen;
        var metadata = new Dictionary<string, string>();
        var entries = new List<Entry>();
        foreach (var (name, node) in root)
        {
            if (name == "__metadata__")
            {
                if (node is JsonObject m)
                    foreach (var (k, v) in m) metadata[k] = v is JsonValue jv && jv.TryGetValue<string>(out var sv) ? sv : v?.ToJsonString() ?? "";
                continue;
            }
            if (node is not JsonObject o)
                throw new SaeFormatException($"tensor '{name}': header entry is not an object");
            var dtype = JsonFields.String(o["dtype"], $"{name}.dtype", "header") ?? throw new SaeFormatException($"tensor '{name}': missing dtype");
            if (!ElementSizes.ContainsKey(dtype))
                throw new SaeFormatException($"tensor '{name}' has unsupported dtype '{dtype}' (supported: F32, F16, BF16)");
            long[] shape, offsets;
            try
            {
                shape = (o["shape"] as JsonArray ?? throw new SaeFormatException($"tensor '{name}': missing shape"))
                    .Select(n => n!.GetValue<long>()).ToArray();
                offsets = (o["data_offsets"] as JsonArray ?? throw new SaeFormatException($"tensor '{name}': missing data_offsets"))
                    .Select(n => n!.GetValue<long>()).ToArray();
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException)
            {
                throw new SaeFormatException($"tensor '{name}': shape/data_offsets must be arrays of integers", e);
            }
            if (shape.Any(d => d < 0)) throw new SaeFormatException($"tensor '{name}' has a negative dimension in {WeightValidator.Shape(shape)}");
            if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0])
                throw new SaeFormatException($"tensor '{name}' has invalid data_offsets [{string.Join(", ", offsets)}]");
            long expectedBytes;
            try
            {
                expectedBytes = checked(shape.Aggregate(1L, (a, b) => checked(a * b)) * ElementSizes[dtype]);
            }
            catch (OverflowException e)
            {
                throw new SaeFormatException($"tensor '{name}' has shape {WeightValidator.Shape(shape)}, more elements than a file can hold", e);
            }
            if (expectedBytes > Array.MaxLength)
                throw new SaeFormatException($"tensor '{name}' {dtype} {WeightValidator.Shape(shape)} is {expectedBytes} bytes, more than one tensor may have ({Array.MaxLength})");
            if (offsets[1] - offsets[0] != expectedBytes)
                throw new SaeFormatException(
                    $"tensor '{name}' {dtype} {WeightValidator.Shape(shape)} needs {expectedBytes} bytes but data_offsets [{offsets[0]}, {offsets[1]}] span {offsets[1] - offsets[0]}");
            if (offsets[1] > bodyLen)
                throw new SaeFormatException(
                    $"tensor '{name}' data_offsets [{offsets[0]}, {offsets[1]}] run past the end of the data ({bodyLen} bytes): file truncated");
            entries.Add(new Entry(name, dtype, shape, offsets[0], offsets[1]));
        }

        var sorted = entries.OrderBy(e => e.Begin).ToList();
        for (var i = 1; i < sorted.Count; i++)
            if (sorted[i].Begin < sorted[i - 1].End)
                throw new SaeFormatException(
                    $"tensors '{sorted[i - 1].Name}' [{sorted[i - 1].Begin}, {sorted[i - 1].End}) and '{sorted[i].Name}' [{sorted[i].Begin}, {sorted[i].End}) overlap");
        return new Header(sorted, metadata, 8 + (long)headerLen);
    }

    /// <summary>Writes tensors in name order, header padded with spaces to a multiple of 8 (as the reference writer does).</summary>
    public static void Write(string path, IEnumerable<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var list = tensors.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            var m = new JsonObject();
            foreach (var (k, v) in metadata) m[k] = v;
            header["__metadata__"] = m;
        }
        long offset = 0;
        foreach (var t in list)
        {
            if (t.Data.LongLength != t.ElementCount * ElementSize(t.DType))
                throw new ArgumentException($"tensor '{t.Name}': {t.Data.Length} bytes for {t.DType} {WeightValidator.Shape(t.Shape)}");
            header[t.Name] = new JsonObject
            {
                ["dtype"] = t.DType,
                ["shape"] = new JsonArray(t.Shape.Select(d => (JsonNode)JsonValue.Create(d)).ToArray()),
                ["data_offsets"] = new JsonArray(JsonValue.Create(offset), JsonValue.Create(offset + t.Data.LongLength)),
            };
            offset += t.Data.LongLength;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = (json.Length + 7) / 8 * 8;
        using var fs = File.Create(path);
        Span<byte> len = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)padded);
        fs.Write(len);
        fs.Write(json);
        for (var i = json.Length; i < padded; i++) fs.WriteByte((byte)' ');
        foreach (var t in list) fs.Write(t.Data);
    }
}
