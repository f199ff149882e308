namespace SaeExplorer.Core.Steering;

/// <summary>
/// One change to an SAE code f, written as JSON with an "op" (see <see cref="SteeringJson"/>). Results below 0 are
/// clamped to 0: an SAE code is non-negative.
/// </summary>
public abstract record SteeringEdit
{
    /// <summary>The JSON "op" of this edit.</summary>
    public abstract string Op { get; }

    /// <summary>Throws through <paramref name="context"/> when a field is unusable.</summary>
    internal abstract void Check(EditContext context);

    internal abstract void Apply(EditContext context);
}

/// <summary>f'[i] = value for each listed feature (the playground of Daujotas, "Case Study: Interpreting, Manipulating,
/// and Controlling CLIP With Sparse Autoencoders", 2024: set one feature to 0, 10, 20, ...; a group's knob sets all its
/// features at once). JSON takes "feature": i or "features": [...].</summary>
public sealed record SetFeatures(IReadOnlyList<int> Features, float Value) : SteeringEdit
{
    public SetFeatures(int feature, float value) : this([feature], value) { }

    public override string Op => "set";

    internal override void Check(EditContext context)
    {
        context.Features(Features, "features");
        context.Finite(Value, "value");
    }

    internal override void Apply(EditContext context)
    {
        foreach (int feature in Features)
            context.Write(feature, Value);
    }
}

/// <summary>f'[i] = factor * f[i] for each listed feature (0 removes them, 1 keeps them).</summary>
public sealed record ScaleFeatures(IReadOnlyList<int> Features, float Factor) : SteeringEdit
{
    public override string Op => "scale";

    internal override void Check(EditContext context)
    {
        context.Features(Features, "features");
        context.Finite(Factor, "factor");
        if (Factor < 0f)
            throw context.Error(
                $"factor {Factor} is negative: it would turn activations negative, which an SAE code cannot hold (activations are >= 0); use 0 or remove to switch features off");
    }

    internal override void Apply(EditContext context)
    {
        foreach (int feature in Features)
            context.Write(feature, context.Read(feature) * Factor);
    }
}

/// <summary>f'[i] = 0 for each listed feature. JSON takes "feature": i or "features": [...].</summary>
public sealed record RemoveFeatures(IReadOnlyList<int> Features) : SteeringEdit
{
    public RemoveFeatures(int feature) : this([feature]) { }

    public override string Op => "remove";

    internal override void Check(EditContext context) => context.Features(Features, "features");

    internal override void Apply(EditContext context)
    {
        foreach (int feature in Features)
            context.Write(feature, 0f);
    }
}

/// <summary>f'[i] += value for each pair (a feature absent from the code appears); <see cref="Source"/> says where
/// the values came from, e.g. a group of another image.</summary>
public sealed record AddFeatures(IReadOnlyList<FeatureValue> Features, string? Source = null) : SteeringEdit
{
    public override string Op => "add";

    internal override void Check(EditContext context)
    {
        context.Features(Features?.Select(p => p.Feature), "features");
        foreach (FeatureValue pair in Features!)
            context.Finite(pair.Value, $"the value of feature {pair.Feature}");
    }

    internal override void Apply(EditContext context)
    {
        foreach ((int feature, float value) in Features)
            context.Write(feature, context.Read(feature) + value);
    }
}

/// <summary>A feature and an activation value; JSON [feature, value].</summary>
public readonly record struct FeatureValue(int Feature, float Value);
