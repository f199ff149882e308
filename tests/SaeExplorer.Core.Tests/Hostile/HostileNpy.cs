using System.Buffers.Binary;
using System.Text;
using SaeExplorer.Core.Embeddings;

namespace SaeExplorer.Core.Tests.Hostile;

/// <summary>
/// Hostile .npy files from the seed: numpy-exact headers whose dict lies (shapes that overflow, negative or 3-D,
/// dtypes not supported, Fortran order, keys missing or doubled, text cut or changed), whose version or header length
/// field lies, and bodies shorter or longer than the header says; and shard sets whose widths or dtypes disagree.
/// </summary>
public static class HostileNpy
{
    private static readonly string[] Shapes =
    [
        "(3, 4)", "(4,)", "()", "(3, 4, 2)", "(-1, 4)", "(3, -4)", "(9223372036854775807, 4)", "(4611686018427387904, 4)", "(3, 2147483648)",
        "(3, 4294967296)", "(0, 4)", "(3, 0)", "(3L, 4L)", "(3, 4", "3, 4", "(3.5, 4)", "('3', 4)", "(99999999999999999999, 4)", "[3, 4]",
    ];

    private static readonly string[] DTypes = ["'<f4'", "'<f2'", "'>f4'", "'<f8'", "'|b1'", "'O'", "'<i4'", "[('a', '<f4')]", "4", "''", "'<f4"];

    public static IReadOnlyList<HostileFile> Cases()
    {
        var r = HostileSeed.For("npy");
        var cases = new List<HostileFile>();
        var data = new byte[3 * 4 * 4];
        r.NextBytes(data);
        var valid = File(Dict("'<f4'", "False", "(3, 4)"), data);
        cases.Add(new HostileFile("npy", "valid", valid));
        for (var i = 0; i < 60; i++)
        {
            var dict = Dict(DTypes[r.Next(DTypes.Length)], r.Next(6) == 0 ? "True" : "False", Shapes[r.Next(Shapes.Length)]);
            cases.Add(new HostileFile("npy", $"dict-{i}", File(dict, data)));
        }
        string[] odd =
        [
            "{}", "{'descr': '<f4', 'fortran_order': False}", "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), 'extra': 1, }",
            "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }", "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), } trailing",
            "{'descr': \"<f4\", 'fortran_order': 0, 'shape': (3, 4), }", "{", "", "not a dict", "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), ",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (" + new string('9', 5000) + ", 4), }", "{'descr: '<f4', 'fortran_order': False, 'shape': (3, 4), }",
        ];
        foreach (var (dict, i) in odd.Select((d, i) => (d, i))) cases.Add(new HostileFile("npy", $"odd-{i}", File(dict, data)));
        for (var i = 0; i < 30; i++) cases.Add(new HostileFile("npy", $"truncated-{i}", Mutate.Truncate(r, valid)));
        for (var i = 0; i < 30; i++) cases.Add(new HostileFile("npy", $"flipped-{i}", Mutate.Flip(r, valid)));
        for (var i = 0; i < 10; i++) cases.Add(new HostileFile("npy", $"longer-{i}", [.. valid, .. Mutate.Junk(r, r.Next(1, 100))]));
        foreach (var (major, minor) in new (byte, byte)[] { (0, 0), (4, 0), (1, 1), (2, 0), (3, 0), (255, 255) })
        {
            var copy = (byte[])valid.Clone();
            (copy[6], copy[7]) = (major, minor);
            cases.Add(new HostileFile("npy", $"version-{major}.{minor}", copy));
        }
        foreach (var length in new ushort[] { 0, 1, 10, 117, 119, ushort.MaxValue })
        {
            var copy = (byte[])valid.Clone();
            BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(8), length);
            cases.Add(new HostileFile("npy", $"header-length-{length}", copy));
        }
        var v2 = (byte[])valid.Clone();
        v2[6] = 2; // a version 2 file's 4-byte length field reads the dict's first bytes as a length
        cases.Add(new HostileFile("npy", "version-2-length", v2));
        return cases;
    }

    /// <summary>Shard sets (each a list of files) that must open as one matrix or be refused naming the file.</summary>
    public static IReadOnlyList<(string Name, HostileFile[] Shards)> ShardSets()
    {
        var r = HostileSeed.For("npy-shards");
        HostileFile Shard(string name, string dtype, int rows, int columns) =>
            new("npy", name, File(Dict(dtype, "False", $"({rows}, {columns})"), Mutate.Junk(r, rows * columns * (dtype == "'<f2'" ? 2 : 4))));
        var sets = new List<(string, HostileFile[])>
        {
            ("same", [Shard("a", "'<f4'", 2, 4), Shard("b", "'<f4'", 3, 4)]),
            ("widths", [Shard("a", "'<f4'", 2, 4), Shard("b", "'<f4'", 3, 5)]),
            ("dtypes", [Shard("a", "'<f4'", 2, 4), Shard("b", "'<f2'", 3, 4)]),
            ("empty-shard", [Shard("a", "'<f4'", 0, 4), Shard("b", "'<f4'", 3, 4)]),
        };
        foreach (var (c, i) in Cases().Skip(1).Where((_, i) => i % 5 == 0).Select((c, i) => (c, i)))
            sets.Add(($"bad-{i}", [Shard("a", "'<f4'", 2, 4), c]));
        return sets;
    }

    /// <summary>A numpy-style version 1.0 file: magic, version, length, the dict padded to 64 bytes, then the data.</summary>
    public static byte[] File(string dict, byte[] data)
    {
        var text = Encoding.Latin1.GetBytes(dict);
        var length = text.Length + 1;
        length += (64 - (10 + length) % 64) % 64;
        var header = new byte[10 + length];
        byte[] magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0];
        magic.CopyTo(header, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), (ushort)Math.Min(length, ushort.MaxValue));
        text.CopyTo(header, 10);
        header.AsSpan(10 + text.Length, length - text.Length - 1).Fill((byte)' ');
        header[^1] = (byte)'\n';
        return [.. header, .. data];
    }

    private static string Dict(string descr, string fortran, string shape) => $"{{'descr': {descr}, 'fortran_order': {fortran}, 'shape': {shape}, }}";
}
