namespace SaeExplorer.Scale;

/// <summary>
/// splitmix64: a tiny generator whose stream is fixed by its seed on every platform and .NET version (System.Random's
/// seeded stream is not promised to stay), so a seed names one synthetic corpus for good. One per row or atom.
/// </summary>
internal struct SplitMix(ulong seed)
{
    private ulong _state = seed;

    /// <summary>
    /// A generator for item <paramref name="index"/> of stream <paramref name="stream"/> under <paramref name="seed"/>.
    /// The index goes through the output mix before it sets the state: added as is, item i + 1's numbers were item i's
    /// shifted by one, so neighbouring rows drew nearly the same atoms (the 10^6-row corpus had 91,123 distinct captions).
    /// </summary>
    public static SplitMix For(ulong seed, ulong stream, ulong index)
    {
        var g = new SplitMix(Mix(seed ^ (stream * 0xD1B54A32D192ED03UL)) ^ Mix(index + 0x632BE59BD9B4E019UL));
        g.NextULong();
        return g;
    }

    public ulong NextULong() => Mix(_state += 0x9E3779B97F4A7C15UL);

    /// <summary>SplitMix64's output function: a bijection of 64-bit words with full avalanche.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal (Box-Muller).</summary>
    public double NextGaussian()
    {
        double u = 1.0 - NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * NextDouble());
    }
}
