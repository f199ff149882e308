using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace SaeExplorer.Core.Indexing;

/// <summary>
/// The binary file of a <see cref="FeatureIndex"/> or of a build checkpoint. All little-endian.
/// <code>
///  0  "SAEXFIDX"            8 bytes magic
///  8  u32 version (1)       12  u32 kind (1 index, 2 checkpoint)
/// 16  i32 features F        20  i32 top-K K
/// 24  i32 bands B           28  i32 samples per band M
/// 32  i32 histogram bins (42, the IndexLayout)   36  i32 neighbours N (0: none)
/// 40  i64 corpus rows       48  i64 row start    56  i64 row end (checkpoint: next row to encode)
/// 64  i64 target end (checkpoint: end of the shard; index: = row end)
/// 72  u64 payload bytes
/// version 1: 80  u64 checksum of bytes 0..80; the payload starts at 88
/// version 2: 80  40 bytes, the SAE's weights fingerprint (ASCII, NUL-padded; all NUL: not recorded)
///            120 u64 checksum of bytes 0..120; the payload starts at 128
/// then the payload, in order: i64[F] firing counts; i128[F] sums (Σ trunc(a·2^48), low qword first);
///     f32[F] maxima; i32[F·42] histograms; i32[F] top counts; i32[F·K] top rows; f32[F·K] top
///     activations; i32[F] top band bins; i32[F·B] sample counts; i32[F·B·M] sample rows;
///     f32[F·B·M] sample activations; if N &gt; 0: i32[F·N] neighbour ids, f32[F·N] cosines
/// end u64 checksum of the payload, section by section
/// </code>
/// </summary>
public static class FeatureIndexFile
{
    /// <summary>The version written; version 1 files (no SAE fingerprint) are still read.</summary>
    public const int Version = 2;

    internal const uint KindIndex = 1;
    internal const uint KindCheckpoint = 2;
    private const int V1HeaderBytes = 88;
    private const int FingerprintBytes = 40;
    private const int HeaderBytes = V1HeaderBytes + FingerprintBytes;
    private static ReadOnlySpan<byte> Magic => "SAEXFIDX"u8;

    public static void Save(FeatureIndex index, string path) => IO.AtomicFile.Write(path, s => Write(index, s, KindIndex, index.RowEnd));

    public static FeatureIndex Load(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            return Read(stream, out _, out _);
        }
        catch (FeatureIndexFormatException e)
        {
            throw new FeatureIndexFormatException($"'{path}': {e.Message}");
        }
    }

    internal static void SaveCheckpoint(FeatureIndex partial, long targetEnd, string path) =>
        IO.AtomicFile.Write(path, s => Write(partial, s, KindCheckpoint, targetEnd));

    internal static FeatureIndex LoadCheckpoint(string path, out long targetEnd)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            FeatureIndex index = Read(stream, out uint kind, out targetEnd);
            if (kind != KindCheckpoint)
                throw new FeatureIndexFormatException("is a finished index, not a build checkpoint");
            return index;
        }
        catch (FeatureIndexFormatException e)
        {
            throw new FeatureIndexFormatException($"checkpoint '{path}': {e.Message}");
        }
    }

    internal static void Write(FeatureIndex x, Stream stream, uint kind, long targetEnd)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("The feature index format is little-endian; this platform is big-endian.");
        int n = x.Neighbours?.Count ?? 0;
        Span<byte> header = stackalloc byte[HeaderBytes];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], kind);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], x.FeatureCount);
        BinaryPrimitives.WriteInt32LittleEndian(header[20..], x.TopK);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], x.QuantileBands);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], x.SamplesPerBand);
        BinaryPrimitives.WriteInt32LittleEndian(header[32..], IndexLayout.HistogramBins);
        BinaryPrimitives.WriteInt32LittleEndian(header[36..], n);
        BinaryPrimitives.WriteInt64LittleEndian(header[40..], x.CorpusRows);
        BinaryPrimitives.WriteInt64LittleEndian(header[48..], x.RowStart);
        BinaryPrimitives.WriteInt64LittleEndian(header[56..], x.RowEnd);
        BinaryPrimitives.WriteInt64LittleEndian(header[64..], targetEnd);
        BinaryPrimitives.WriteUInt64LittleEndian(header[72..], (ulong)PayloadBytes(x.FeatureCount, x.TopK, x.QuantileBands, x.SamplesPerBand, n));
        if (x.SaeFingerprint is { } fingerprint)
        {
            if (fingerprint.Length > FingerprintBytes || !System.Text.Ascii.IsValid(fingerprint))
                throw new ArgumentException($"an SAE fingerprint is at most {FingerprintBytes} ASCII characters, got '{fingerprint}'");
            System.Text.Encoding.ASCII.GetBytes(fingerprint, header[80..]);
        }
        BinaryPrimitives.WriteUInt64LittleEndian(header[(HeaderBytes - 8)..], Checksum.Of(header[..(HeaderBytes - 8)]));
        stream.Write(header);

        var sum = new Checksum();
        Section(stream, ref sum, x.FiringCounts.AsSpan());
        Section(stream, ref sum, x.Sums.AsSpan());
        Section(stream, ref sum, x.MaxActivations.AsSpan());
        Section(stream, ref sum, x.Histograms.AsSpan());
        Section(stream, ref sum, x.TopCounts.AsSpan());
        Section(stream, ref sum, x.TopRows.AsSpan());
        Section(stream, ref sum, x.TopActivations.AsSpan());
        Section(stream, ref sum, x.BandTops.AsSpan());
        Section(stream, ref sum, x.SampleCounts.AsSpan());
        Section(stream, ref sum, x.SampleRows.AsSpan());
        Section(stream, ref sum, x.SampleActivations.AsSpan());
        if (x.Neighbours is { } nb)
        {
            Section(stream, ref sum, nb.Ids.AsSpan());
            Section(stream, ref sum, nb.Cosines.AsSpan());
        }
        Span<byte> tail = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(tail, sum.Value);
        stream.Write(tail);
    }

    private static void Section<T>(Stream stream, ref Checksum sum, ReadOnlySpan<T> values) where T : unmanaged
    {
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(values);
        sum.Append(bytes);
        stream.Write(bytes);
    }

    private static long PayloadBytes(long f, long k, long b, long m, long n) =>
        f * (8 + 16 + 4 + IndexLayout.HistogramBins * 4 + 4 + 8 * k + 4 + 4 * b + 8 * b * m + 8 * n);

    /// <summary>What a file's header says, read alone (an index built elsewhere is checked before it is taken).</summary>
    /// <exception cref="FeatureIndexFormatException">Not an index or checkpoint, or its header is corrupt; the message names the file.</exception>
    public static FeatureIndexHeader Header(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
            var h = ReadHead(stream);
            return new FeatureIndexHeader(h.Kind == KindCheckpoint, h.Features, h.CorpusRows, h.RowStart, h.RowEnd, h.Fingerprint);
        }
        catch (FeatureIndexFormatException e)
        {
            throw new FeatureIndexFormatException($"'{path}': {e.Message}");
        }
    }

    private static (uint Kind, int Features, int K, int B, int M, int N, long CorpusRows, long RowStart, long RowEnd, long TargetEnd, string? Fingerprint)
        ReadHead(Stream stream)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        int got = stream.ReadAtLeast(header[..V1HeaderBytes], V1HeaderBytes, throwOnEndOfStream: false);
        if (got >= 8 && !header[..8].SequenceEqual(Magic))
            throw new FeatureIndexFormatException("not a feature index file (bad magic; expected \"SAEXFIDX\")");
        if (got < V1HeaderBytes)
            throw new FeatureIndexFormatException($"truncated: {got} bytes, shorter than the {V1HeaderBytes}-byte header");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        if (version is not (1 or Version))
            throw new FeatureIndexFormatException($"unsupported version {version} (this build reads versions 1 and {Version})");
        int headerBytes = version == 1 ? V1HeaderBytes : HeaderBytes;
        if (version != 1 && stream.ReadAtLeast(header[V1HeaderBytes..], FingerprintBytes, throwOnEndOfStream: false) < FingerprintBytes)
            throw new FeatureIndexFormatException($"truncated: shorter than the {HeaderBytes}-byte header");
        ulong headerSum = BinaryPrimitives.ReadUInt64LittleEndian(header[(headerBytes - 8)..]);
        if (headerSum != Checksum.Of(header[..(headerBytes - 8)]))
            throw new FeatureIndexFormatException("corrupt header (checksum mismatch)");
        string? fingerprint = version == 1 ? null : System.Text.Encoding.ASCII.GetString(header[80..(80 + FingerprintBytes)]).TrimEnd('\0');
        if (fingerprint is { Length: 0 }) fingerprint = null;
        uint kind = BinaryPrimitives.ReadUInt32LittleEndian(header[12..]);
        int f = BinaryPrimitives.ReadInt32LittleEndian(header[16..]);
        int k = BinaryPrimitives.ReadInt32LittleEndian(header[20..]);
        int b = BinaryPrimitives.ReadInt32LittleEndian(header[24..]);
        int m = BinaryPrimitives.ReadInt32LittleEndian(header[28..]);
        int bins = BinaryPrimitives.ReadInt32LittleEndian(header[32..]);
        int n = BinaryPrimitives.ReadInt32LittleEndian(header[36..]);
        long corpusRows = BinaryPrimitives.ReadInt64LittleEndian(header[40..]);
        long rowStart = BinaryPrimitives.ReadInt64LittleEndian(header[48..]);
        long rowEnd = BinaryPrimitives.ReadInt64LittleEndian(header[56..]);
        long targetEnd = BinaryPrimitives.ReadInt64LittleEndian(header[64..]);
        long payload = (long)BinaryPrimitives.ReadUInt64LittleEndian(header[72..]);
        if (kind is not (KindIndex or KindCheckpoint))
            throw new FeatureIndexFormatException($"unknown kind {kind}");
        if (bins != IndexLayout.HistogramBins)
            throw new FeatureIndexFormatException($"histogram has {bins} bins; this build's layout has {IndexLayout.HistogramBins}");
        if (f <= 0 || k <= 0 || b < 2 || m <= 0 || n < 0 || (long)f * Math.Max(Math.Max(k, n), Math.Max(b * (long)m, IndexLayout.HistogramBins)) > Array.MaxLength)
            throw new FeatureIndexFormatException($"bad dimensions: {f} features, top-{k}, {b} bands x {m} samples, {n} neighbours");
        if (rowStart < 0 || rowStart > rowEnd || rowEnd > targetEnd || targetEnd > corpusRows || corpusRows > int.MaxValue)
            throw new FeatureIndexFormatException($"bad row range {rowStart}..{rowEnd} (target {targetEnd}) of {corpusRows} rows");
        if (payload != PayloadBytes(f, k, b, m, n))
            throw new FeatureIndexFormatException($"header says {payload} payload bytes; its dimensions need {PayloadBytes(f, k, b, m, n)}");
        return (kind, f, k, b, m, n, corpusRows, rowStart, rowEnd, targetEnd, fingerprint);
    }

    internal static FeatureIndex Read(Stream stream, out uint kind, out long targetEnd)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("The feature index format is little-endian; this platform is big-endian.");
        var (kindRead, f, k, b, m, n, corpusRows, rowStart, rowEnd, target, fingerprint) = ReadHead(stream);
        (kind, targetEnd) = (kindRead, target);
        long expected = PayloadBytes(f, k, b, m, n);
        if (stream.CanSeek)
        {
            long available = stream.Length - stream.Position;
            if (available != expected + 8)
                throw new FeatureIndexFormatException(available < expected + 8
                    ? $"truncated: header describes {expected + 8} bytes after it, file has {available}"
                    : $"unexpected trailing bytes: header describes {expected + 8} bytes after it, file has {available}");
        }

        var sum = new Checksum();
        long[] counts = ReadSection<long>(stream, ref sum, f);
        Int128[] sums = ReadSection<Int128>(stream, ref sum, f);
        float[] max = ReadSection<float>(stream, ref sum, f);
        int[] hist = ReadSection<int>(stream, ref sum, f * IndexLayout.HistogramBins);
        int[] topCounts = ReadSection<int>(stream, ref sum, f);
        int[] topRows = ReadSection<int>(stream, ref sum, f * k);
        float[] topActs = ReadSection<float>(stream, ref sum, f * k);
        int[] bandTops = ReadSection<int>(stream, ref sum, f);
        int[] sampleCounts = ReadSection<int>(stream, ref sum, f * b);
        int[] sampleRows = ReadSection<int>(stream, ref sum, f * b * m);
        float[] sampleActs = ReadSection<float>(stream, ref sum, f * b * m);
        NearestFeatures? neighbours = null;
        if (n > 0)
        {
            int[] ids = ReadSection<int>(stream, ref sum, f * n);
            float[] cos = ReadSection<float>(stream, ref sum, f * n);
            neighbours = new NearestFeatures(f, n, ids, cos);
        }
        Span<byte> tail = stackalloc byte[8];
        ReadFully(stream, tail);
        ulong stored = BinaryPrimitives.ReadUInt64LittleEndian(tail);
        if (stored != sum.Value)
            throw new FeatureIndexFormatException($"corrupt data (payload checksum mismatch: stored {stored:x16}, computed {sum.Value:x16})");
        if (stream.ReadByte() >= 0)
            throw new FeatureIndexFormatException("unexpected trailing bytes after the checksum");

        for (int j = 0; j < f; j++)
        {
            if ((uint)topCounts[j] > (uint)k || bandTops[j] < -1 || bandTops[j] >= IndexLayout.HistogramBins)
                throw new FeatureIndexFormatException($"inconsistent feature {j}: top count {topCounts[j]}, top band bin {bandTops[j]}");
        }
        foreach (int c in sampleCounts)
        {
            if ((uint)c > (uint)m)
                throw new FeatureIndexFormatException($"inconsistent sample count {c} (at most {m})");
        }
        return new FeatureIndex(f, k, b, m, corpusRows, rowStart, rowEnd, counts, sums, max, hist,
            topCounts, topRows, topActs, bandTops, sampleCounts, sampleRows, sampleActs, neighbours).WithSaeFingerprint(fingerprint);
    }

    private static T[] ReadSection<T>(Stream stream, ref Checksum sum, int length) where T : unmanaged
    {
        var values = new T[length];
        Span<byte> bytes = MemoryMarshal.AsBytes(values.AsSpan());
        ReadFully(stream, bytes);
        sum.Append(bytes);
        return values;
    }

    private static void ReadFully(Stream stream, Span<byte> bytes)
    {
        int got = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (got < bytes.Length)
            throw new FeatureIndexFormatException("truncated: the data ends before the sections the header describes");
    }

    /// <summary>A 64-bit multiply-xorshift checksum over 8-byte words, section by section (not cryptographic).</summary>
    internal struct Checksum
    {
        private ulong _h;

        public readonly ulong Value => _h;

        public static ulong Of(ReadOnlySpan<byte> bytes)
        {
            var c = new Checksum();
            c.Append(bytes);
            return c._h;
        }

        public void Append(ReadOnlySpan<byte> bytes)
        {
            ulong s = (ulong)bytes.Length * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL;
            ReadOnlySpan<ulong> words = MemoryMarshal.Cast<byte, ulong>(bytes);
            foreach (ulong w in words)
            {
                s = (s ^ w) * 0xBF58476D1CE4E5B9UL;
                s ^= s >> 31;
            }
            ulong last = 0;
            for (int i = words.Length * 8; i < bytes.Length; i++)
                last = (last << 8) | bytes[i];
            s = (s ^ last) * 0x94D049BB133111EBUL;
            s ^= s >> 29;
            _h = (_h ^ s) * 0xD6E8FEB86659FD93UL;
            _h ^= _h >> 32;
        }
    }
}

/// <summary>A feature index file's header: what it covers and the SAE it was built from.</summary>
/// <param name="IsCheckpoint">A build's checkpoint rather than a finished index.</param>
public sealed record FeatureIndexHeader(bool IsCheckpoint, int FeatureCount, long CorpusRows, long RowStart, long RowEnd, string? SaeFingerprint)
{
    public bool IsComplete => !IsCheckpoint && RowStart == 0 && RowEnd == CorpusRows;

    /// <summary>
    /// Refuses the index <paramref name="index"/> (this header's file) for the SAE in <paramref name="sae"/> unless it was
    /// built from those very weights (<paramref name="fingerprint"/>), is complete, indexes <paramref name="features"/>
    /// features and, when known, <paramref name="rows"/> corpus rows. Each refusal names both files.
    /// </summary>
    /// <exception cref="InvalidDataException">The index is not this SAE's over this corpus.</exception>
    public void CheckBelongsTo(string index, string sae, string fingerprint, int features, long? rows)
    {
        if (SaeFingerprint != fingerprint)
            throw new InvalidDataException(SaeFingerprint is null
                ? $"{index} records no SAE fingerprint (it was built before indexes recorded one), so it cannot be shown to belong to {sae}: build it again with saex index"
                : $"{index} was built from the SAE with weights {SaeFingerprint}, but {sae} has weights {fingerprint}: the index belongs to another SAE");
        if (!IsComplete)
            throw new InvalidDataException($"{index} covers rows {RowStart}..{RowEnd} of {CorpusRows}, not all of them: join its shards with saex index merge (it indexes {sae})");
        if (FeatureCount != features)
            throw new InvalidDataException($"{index} indexes {FeatureCount} features but {sae} has {features}");
        if (rows is { } n && CorpusRows != n)
            throw new InvalidDataException($"{index} was built over {CorpusRows} rows but the corpus has {n} (it indexes {sae})");
    }
}
