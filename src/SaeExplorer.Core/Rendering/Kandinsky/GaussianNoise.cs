namespace SaeExplorer.Core.Rendering.Kandinsky;

/// <summary>
/// Deterministic standard normal samples for a seed: xoshiro256** (Blackman and Vigna) with its state
/// filled by SplitMix64 from the seed, 53-bit uniforms, and Marsaglia's polar method (pairs u, v in the
/// unit disc; u first), which needs one log and one square root per pair and, unlike Box-Muller, no
/// sine or cosine (a DDPM step at 512 px draws 16,384 normals).
/// The sequence is fixed by this code alone (System.Random's seeded sequence is not a documented
/// contract); only Math.Log can differ in its last bit between C runtimes. It cannot reproduce
/// torch.randn, so a seed here does not match a diffusers picture with the same seed.
/// </summary>
public sealed class GaussianNoise
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spare;
    private bool _hasSpare;

    public GaussianNoise(long seed)
    {
        ulong state = (ulong)seed;
        _s0 = SplitMix64(ref state);
        _s1 = SplitMix64(ref state);
        _s2 = SplitMix64(ref state);
        _s3 = SplitMix64(ref state);
    }

    /// <summary>Fills <paramref name="values"/> with the next samples, in order.</summary>
    public void Fill(Span<float> values)
    {
        for (int i = 0; i < values.Length; i++)
            values[i] = (float)Next();
    }

    public double Next()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }
        double u, v, s;
        do
        {
            u = 2.0 * NextUniform() - 1.0;
            v = 2.0 * NextUniform() - 1.0;
            s = u * u + v * v;
        }
        while (s >= 1.0 || s == 0.0);
        double scale = Math.Sqrt(-2.0 * Math.Log(s) / s);
        _spare = v * scale;
        _hasSpare = true;
        return u * scale;
    }

    /// <summary>A uniform in [0, 1) from the top 53 bits of the next xoshiro256** output.</summary>
    internal double NextUniform() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    internal ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    internal static ulong SplitMix64(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
