using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace SaeExplorer.Core.Indexing;

/// <summary>
/// The finished row blocks of a <see cref="NearestFeatures"/> run, so a killed run loses at most one checkpoint
/// interval. Little-endian: "SAEXNFCP", u32 version, i32 features, i32 neighbours, i32 d_in, i32 block rows,
/// i32 features done, u64 fingerprint of the normalised decoder; then i32[done x neighbours] ids and
/// f32[done x neighbours] cosines. Written whole to a partial file and renamed, so a kill while saving keeps the last one.
/// </summary>
internal static class NearestFeaturesCheckpoint
{
    private const uint Version = 1;
    private const int HeaderBytes = 40;
    private static ReadOnlySpan<byte> Magic => "SAEXNFCP"u8;

    /// <summary>What a checkpoint must match to be resumed from.</summary>
    public readonly record struct Key(int Features, int Neighbours, int DIn, int BlockRows, ulong Fingerprint);

    /// <summary>A 64-bit multiply-xorshift over the decoder's bytes (not cryptographic): another SAE, another fingerprint.</summary>
    public static ulong Fingerprint(ReadOnlySpan<byte> bytes)
    {
        ulong h = (ulong)bytes.Length * 0x9E3779B97F4A7C15UL;
        foreach (ulong w in MemoryMarshal.Cast<byte, ulong>(bytes))
        {
            h = (h ^ w) * 0xBF58476D1CE4E5B9UL;
            h ^= h >> 31;
        }
        return h;
    }

    public static void Save(string path, Key key, int done, int[] ids, float[] cosines)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
            Directory.CreateDirectory(folder);
        IO.AtomicFile.Write(path, stream =>
        {
            Span<byte> header = stackalloc byte[HeaderBytes];
            Magic.CopyTo(header);
            BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Version);
            BinaryPrimitives.WriteInt32LittleEndian(header[12..], key.Features);
            BinaryPrimitives.WriteInt32LittleEndian(header[16..], key.Neighbours);
            BinaryPrimitives.WriteInt32LittleEndian(header[20..], key.DIn);
            BinaryPrimitives.WriteInt32LittleEndian(header[24..], key.BlockRows);
            BinaryPrimitives.WriteInt32LittleEndian(header[28..], done);
            BinaryPrimitives.WriteUInt64LittleEndian(header[32..], key.Fingerprint);
            stream.Write(header);
            stream.Write(MemoryMarshal.AsBytes(ids.AsSpan(0, done * key.Neighbours)));
            stream.Write(MemoryMarshal.AsBytes(cosines.AsSpan(0, done * key.Neighbours)));
        });
    }

    /// <summary>Fills the lists of the features done and returns how many there are.</summary>
    /// <exception cref="IndexCheckpointMismatchException">Another decoder, neighbour count or block size.</exception>
    /// <exception cref="FeatureIndexFormatException">Not a checkpoint, or cut short.</exception>
    public static int Load(string path, Key key, int[] ids, float[] cosines)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        Span<byte> header = stackalloc byte[HeaderBytes];
        if (stream.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false) < HeaderBytes || !header[..8].SequenceEqual(Magic)
            || BinaryPrimitives.ReadUInt32LittleEndian(header[8..]) != Version)
            throw new FeatureIndexFormatException($"'{path}' is not a nearest-features checkpoint of version {Version}; delete it to start over");
        var found = new Key(BinaryPrimitives.ReadInt32LittleEndian(header[12..]), BinaryPrimitives.ReadInt32LittleEndian(header[16..]),
            BinaryPrimitives.ReadInt32LittleEndian(header[20..]), BinaryPrimitives.ReadInt32LittleEndian(header[24..]),
            BinaryPrimitives.ReadUInt64LittleEndian(header[32..]));
        int done = BinaryPrimitives.ReadInt32LittleEndian(header[28..]);
        if (found != key)
            throw new IndexCheckpointMismatchException(
                $"Checkpoint '{path}' is for {found.Features} features x {found.DIn}, {found.Neighbours} neighbours, blocks of {found.BlockRows}, " +
                $"decoder {found.Fingerprint:x16}; this run is {key.Features} x {key.DIn}, {key.Neighbours} neighbours, blocks of {key.BlockRows}, " +
                $"decoder {key.Fingerprint:x16}. Delete it to start over.");
        if (done < 0 || done > key.Features)
            throw new FeatureIndexFormatException($"'{path}' says {done} features done of {key.Features}");
        int values = done * key.Neighbours;
        if (stream.Length != HeaderBytes + 8L * values)
            throw new FeatureIndexFormatException($"'{path}' is {stream.Length} bytes; {done} features need {HeaderBytes + 8L * values}");
        stream.ReadExactly(MemoryMarshal.AsBytes(ids.AsSpan(0, values)));
        stream.ReadExactly(MemoryMarshal.AsBytes(cosines.AsSpan(0, values)));
        return done;
    }
}
