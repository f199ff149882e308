using SaeExplorer.Core.Steering;

namespace SaeExplorer.Web.Services.Steering;

/// <summary>What one knob (a group's or a feature's) does to its features.</summary>
public enum KnobKind { None, Scale, Set, Remove }

/// <summary>A knob's position: untouched, scaled by <see cref="Factor"/>, set to <see cref="Value"/>, or removed.</summary>
public sealed record KnobState(KnobKind Kind, float Factor = 1f, float Value = 0f)
{
    public static KnobState Untouched { get; } = new(KnobKind.None);
}

/// <summary>
/// The image page's steering state as knobs over an edit list. A knob is keyed by the exact set of features it turns
/// (a group's members, or one feature): moving it replaces that set's one scale/set/remove edit in place, so the list
/// stays short and in the order knobs were first touched, and reads back into the same knobs from an address.
/// Additions (a feature found by search, a group from another image) are their own edits, keyed by their source.
/// Values are clamped here to the sliders' ranges, whatever the caller passes.
/// </summary>
public sealed class SteeringKnobs
{
    /// <summary>The sliders' range, 0 to 2x.</summary>
    public const float MaxFactor = 2f;

    /// <summary>The largest value a feature may be set to or given, far above any activation a trained SAE produces
    /// on its corpus; it stops a typo (1e30) from blowing the embedding up.</summary>
    public const float MaxValue = 1000f;

    private readonly IReadOnlyList<SteeringEdit> _edits;

    private SteeringKnobs(IReadOnlyList<SteeringEdit> edits) => _edits = edits;

    public static SteeringKnobs Empty { get; } = new([]);

    /// <summary>Knobs over an edit list read from an address or a permalink, with every value clamped to the ranges
    /// and a message for each clamp.</summary>
    public static (SteeringKnobs Knobs, IReadOnlyList<string> Problems) From(EditList edits)
    {
        var problems = new List<string>();
        var clamped = edits.Edits.Select((e, i) => Clamp(e, i, problems)).ToList();
        return (new SteeringKnobs(clamped), problems);
    }

    public EditList Edits => new(_edits);

    public bool IsEmpty => _edits.Count == 0;

    public int Count => _edits.Count;

    /// <summary>The knob over exactly these features.</summary>
    public KnobState For(IReadOnlyList<int> features)
    {
        var index = IndexOf(features);
        return index < 0 ? KnobState.Untouched : _edits[index] switch
        {
            ScaleFeatures s => new KnobState(KnobKind.Scale, s.Factor),
            SetFeatures s => new KnobState(KnobKind.Set, Value: s.Value),
            RemoveFeatures => new KnobState(KnobKind.Remove, 0f),
            _ => KnobState.Untouched,
        };
    }

    /// <summary>Scale by a factor in 0..2; 1 returns the knob to untouched.</summary>
    public SteeringKnobs WithFactor(IReadOnlyList<int> features, float factor)
    {
        factor = float.IsFinite(factor) ? Math.Clamp(factor, 0f, MaxFactor) : 1f;
        return Replace(features, factor == 1f ? null : new ScaleFeatures(Sorted(features), factor));
    }

    /// <summary>Set every one of the features to a value in 0..<see cref="MaxValue"/>.</summary>
    public SteeringKnobs WithValue(IReadOnlyList<int> features, float value) =>
        Replace(features, new SetFeatures(Sorted(features), float.IsFinite(value) ? Math.Clamp(value, 0f, MaxValue) : 0f));

    public SteeringKnobs Removed(IReadOnlyList<int> features) => Replace(features, new RemoveFeatures(Sorted(features)));

    public SteeringKnobs Reset(IReadOnlyList<int> features) => Replace(features, null);

    /// <summary>Adds features with values (clamped), replacing an earlier addition from the same source.</summary>
    public SteeringKnobs WithAdded(IReadOnlyList<FeatureValue> features, string source)
    {
        var add = new AddFeatures([.. features.Select(p => p with { Value = Math.Clamp(p.Value, 0f, MaxValue) })], source);
        var list = _edits.ToList();
        var at = list.FindIndex(e => e is AddFeatures a && a.Source == source);
        if (at >= 0) list[at] = add;
        else list.Add(add);
        return new SteeringKnobs(list);
    }

    public IEnumerable<AddFeatures> Additions => _edits.OfType<AddFeatures>();

    /// <summary>Edits over feature sets no knob on the page shows (e.g. a group of another grouping), so the page
    /// can list them rather than steer invisibly.</summary>
    public IEnumerable<SteeringEdit> Unmatched(IEnumerable<IReadOnlyList<int>> shown)
    {
        var keys = shown.Select(Key).ToHashSet();
        return _edits.Where(e => e is not AddFeatures && !keys.Contains(Key(Targets(e))));
    }

    public SteeringKnobs Without(SteeringEdit edit) => new([.. _edits.Where(e => !ReferenceEquals(e, edit))]);

    private SteeringKnobs Replace(IReadOnlyList<int> features, SteeringEdit? edit)
    {
        ArgumentOutOfRangeException.ThrowIfZero(features.Count);
        var list = _edits.ToList();
        var at = IndexOf(features);
        if (at >= 0 && edit is null) list.RemoveAt(at);
        else if (at >= 0) list[at] = edit!;
        else if (edit is not null) list.Add(edit);
        return new SteeringKnobs(list);
    }

    private int IndexOf(IReadOnlyList<int> features)
    {
        var key = Key(features);
        for (var i = 0; i < _edits.Count; i++)
            if (_edits[i] is not AddFeatures && Key(Targets(_edits[i])) == key)
                return i;
        return -1;
    }

    private static IReadOnlyList<int> Targets(SteeringEdit edit) => edit switch
    {
        ScaleFeatures s => s.Features,
        SetFeatures s => s.Features,
        RemoveFeatures r => r.Features,
        AddFeatures a => [.. a.Features.Select(p => p.Feature)],
        _ => [],
    };

    private static string Key(IReadOnlyList<int> features) => string.Join(',', Sorted(features));

    private static int[] Sorted(IReadOnlyList<int> features) => [.. features.Distinct().Order()];

    private static SteeringEdit Clamp(SteeringEdit edit, int position, List<string> problems)
    {
        float Keep(float value, float max, string what)
        {
            if (value <= max) return value;
            problems.Add($"Edit {position + 1}'s {what} {value:G4} is above {max:G4}; clamped to {max:G4}.");
            return max;
        }
        return edit switch
        {
            ScaleFeatures s => s with { Factor = Keep(s.Factor, MaxFactor, "factor") },
            SetFeatures s => s with { Value = Keep(s.Value, MaxValue, "value") },
            AddFeatures a => a with { Features = [.. a.Features.Select(p => p with { Value = Math.Max(0f, Keep(p.Value, MaxValue, $"value for feature {p.Feature}")) })] },
            _ => edit,
        };
    }
}
