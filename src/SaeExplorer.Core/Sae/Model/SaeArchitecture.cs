namespace SaeExplorer.Core.Sae.Model;

/// <summary>Activation rule applied to the encoder pre-activations (SAELens names in comments).</summary>
public enum SaeArchitecture
{
    /// <summary>"standard": ReLU.</summary>
    Standard,
    /// <summary>"topk": keep the K largest pre-activations, ReLU on the kept values.</summary>
    TopK,
    /// <summary>"jumprelu": pre * (pre &gt; threshold), per-feature threshold.</summary>
    JumpReLU,
}

/// <summary>Run-time input normalisation, as SAELens defines it (see <see cref="SaeConfig"/>).</summary>
public enum SaeNormalization
{
    None,
    /// <summary>Each input is scaled to norm sqrt(d_in) before encoding; the reconstruction is scaled back.</summary>
    ConstantNormRescale,
    /// <summary>Inputs are multiplied by a stored constant (sqrt(d_in) / mean ||x|| over training data);
    /// reconstructions are divided by it.</summary>
    ExpectedAverageOnlyIn,
}

/// <summary>Storage type of the weight matrices. Biases and all arithmetic stay float32.</summary>
public enum SaeWeightDType
{
    Float32,
    Float16,
    BFloat16,
}
