using System.Globalization;

namespace SaeExplorer.Core.Grouping;

/// <summary>Whether tau is an activation mass or a share of the image's total mass.</summary>
public enum TauKind
{
    Absolute,
    Share,
}

/// <summary>
/// The mass every group of the chosen k must reach: an absolute activation mass, or a share (0..1) of the total
/// activation mass of the image. Absolute masses depend on the SAE's activation scale (Daujotas, "Case Study:
/// Interpreting, Manipulating, and Controlling CLIP With Sparse Autoencoders", 2024, found 5 useful for that paper's
/// SAE); a share does not, which is why the default is a share.
/// </summary>
public sealed record Tau
{
    private Tau(TauKind kind, double value)
    {
        if (!double.IsFinite(value) || value < 0)
            throw new ArgumentException($"tau must be a finite number >= 0, got {value.ToString(CultureInfo.InvariantCulture)}");
        if (kind == TauKind.Share && value > 1)
            throw new ArgumentException($"a tau share must be at most 100%, got {(value * 100).ToString(CultureInfo.InvariantCulture)}%");
        Kind = kind;
        Value = value;
    }

    public TauKind Kind { get; }

    /// <summary>The mass (Absolute) or the fraction of the total mass, 0..1 (Share).</summary>
    public double Value { get; }

    public static Tau Absolute(double mass) => new(TauKind.Absolute, mass);

    public static Tau Share(double fraction) => new(TauKind.Share, fraction);

    /// <summary>10% of the total mass: independent of the SAE's activation scale, and it bounds the chosen
    /// groups at ten, a number of group cards a page can show side by side.</summary>
    public static Tau Default { get; } = Share(0.10);

    public static IReadOnlyList<Tau> AbsolutePresets { get; } = [Absolute(1), Absolute(2), Absolute(5), Absolute(10), Absolute(20)];

    public static IReadOnlyList<Tau> SharePresets { get; } = [Share(0.05), Share(0.10), Share(0.15), Share(0.20), Share(0.25)];

    /// <summary>The absolute mass threshold for an image of total mass <paramref name="totalMass"/>.</summary>
    public double Threshold(double totalMass) => Kind == TauKind.Absolute ? Value : Value * totalMass;

    /// <summary>"5" is an absolute mass, "10%" a share.</summary>
    /// <exception cref="FormatException">Not a number, not finite, negative, or a share over 100%.</exception>
    public static Tau Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var share = trimmed.EndsWith('%');
        var number = share ? trimmed[..^1].TrimEnd() : trimmed;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < 0)
            throw new FormatException($"tau '{text}' is not a finite number >= 0 (an activation mass like 5, or a share like 10%)");
        if (share && value > 100)
            throw new FormatException($"tau '{text}': a share must be at most 100%");
        return share ? Share(value / 100) : Absolute(value);
    }

    public override string ToString() => Kind == TauKind.Absolute
        ? Value.ToString("G6", CultureInfo.InvariantCulture)
        : (Value * 100).ToString("G6", CultureInfo.InvariantCulture) + "%";
}
