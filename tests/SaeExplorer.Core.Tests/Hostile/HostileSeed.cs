namespace SaeExplorer.Core.Tests.Hostile;

/// <summary>
/// The one seed of every hostile-input generator: the same cases on every run (CI), another set with
/// SAEX_HOSTILE_SEED=n. Each test prints it, so a failure can be replayed.
/// </summary>
public static class HostileSeed
{
    public const int Default = 20261203;

    public static int Value => int.TryParse(Environment.GetEnvironmentVariable("SAEX_HOSTILE_SEED"), out var seed) ? seed : Default;

    /// <summary>A generator for one family of cases: the seed mixed with the family's name, so adding a family changes no other.</summary>
    public static Random For(string family) => new(Value ^ StableHash(family));

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text) hash = unchecked(hash * 31 + c);
        return hash;
    }
}

/// <summary>One hostile input: what kind, a name that says how it was made (for the failure message), and its bytes.</summary>
public sealed record HostileFile(string Kind, string Name, byte[] Bytes, string ContentType = "application/octet-stream")
{
    public override string ToString() => $"{Kind}/{Name} ({Bytes.Length} bytes)";
}

/// <summary>Mutations every generator uses on a valid file.</summary>
public static class Mutate
{
    public static byte[] Truncate(Random r, byte[] bytes) => bytes[..r.Next(0, Math.Max(1, bytes.Length))];

    /// <summary>1 to 20 bytes set to random values.</summary>
    public static byte[] Flip(Random r, byte[] bytes, int from = 0)
    {
        var copy = (byte[])bytes.Clone();
        for (int i = 0, n = r.Next(1, 21); i < n && copy.Length > from; i++) copy[r.Next(from, copy.Length)] = (byte)r.Next(256);
        return copy;
    }

    public static byte[] Junk(Random r, int length)
    {
        var bytes = new byte[length];
        r.NextBytes(bytes);
        return bytes;
    }
}
