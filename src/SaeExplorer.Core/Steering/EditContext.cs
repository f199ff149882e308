using System.Globalization;

namespace SaeExplorer.Core.Steering;

/// <summary>
/// One edit at work: its position (for messages), the SAE's feature count when known, and the code being edited.
/// Every value written goes through <see cref="Write"/>, which keeps the code an SAE code: non-negative (a ReLU,
/// TopK or JumpReLU activation is never below 0, so an edit that would go lower stops at 0) and finite.
/// </summary>
internal sealed class EditContext(int position, string op, int? dSae, Dictionary<int, float>? code = null)
{
    /// <summary>Numbers in the invariant culture, so messages read the same on every machine.</summary>
    public SteeringEditException Error(FormattableString problem) =>
        new($"edits[{position}] ({op}): {problem.ToString(CultureInfo.InvariantCulture)}");

    public void Feature(int feature, string field)
    {
        if (dSae is { } d && (feature < 0 || feature >= d))
            throw Error($"{field} {feature} is outside 0..{d - 1} (the SAE has {d} features)");
        if (feature < 0)
            throw Error($"{field} {feature} is negative; features are numbered from 0");
    }

    public void Features(IEnumerable<int>? features, string field)
    {
        if (features is null)
            throw Error($"{field} is missing");
        var seen = new HashSet<int>();
        foreach (int feature in features)
        {
            Feature(feature, "feature");
            if (!seen.Add(feature))
                throw Error($"{field} lists feature {feature} twice");
        }
    }

    public void Finite(float value, string field)
    {
        if (!float.IsFinite(value))
            throw Error($"{field} is {value}; values must be finite numbers");
    }

    public float Read(int feature) => Code.GetValueOrDefault(feature);

    public void Write(int feature, float value)
    {
        if (!float.IsFinite(value))
            throw Error($"feature {feature} would become {value}");
        if (value > 0f)
            Code[feature] = value;
        else
            Code.Remove(feature);
    }

    private Dictionary<int, float> Code => code ?? throw new InvalidOperationException("this context only checks edits");
}
