using System.Numerics.Tensors;

namespace SaeExplorer.Core.Rendering.Kandinsky;

/// <summary>
/// Turns the decoder UNet's output into the noise prediction the scheduler steps with. The UNet
/// returns 8 channels per latent: 0..3 the noise, 4..7 a learned variance that the fixed-small
/// schedulers do not use, so they are dropped. With guidance the batch is [negative, positive] and
/// eps = eps_u + g (eps_c - eps_u) (diffusers' KandinskyV22Pipeline, applied only when g &gt; 1).
/// </summary>
public static class ClassifierFreeGuidance
{
    public const int LatentChannels = 4;
    public const int OutputChannels = 8;

    /// <summary>Whether a scale runs the guided batch of two; at g &lt;= 1 the positive alone is run.</summary>
    public static bool IsGuided(float guidance) => guidance > 1f;

    /// <summary>
    /// Writes the noise prediction for one latent of <paramref name="planeSize"/> (h*w) pixels per channel into
    /// <paramref name="eps"/>, from <paramref name="unetOutput"/> [2,8,h,w] when guided, else [1,8,h,w].
    /// </summary>
    public static void Combine(ReadOnlySpan<float> unetOutput, int planeSize, float guidance, Span<float> eps)
    {
        int latentLength = LatentChannels * planeSize, sampleLength = OutputChannels * planeSize;
        bool guided = IsGuided(guidance);
        int expected = (guided ? 2 : 1) * sampleLength;
        if (unetOutput.Length != expected)
            throw new ArgumentException(
                $"UNet output has {unetOutput.Length} values; expected {expected} ({(guided ? 2 : 1)} x {OutputChannels} x {planeSize}).",
                nameof(unetOutput));
        if (eps.Length != latentLength)
            throw new ArgumentException($"eps has {eps.Length} values; expected {latentLength}.", nameof(eps));

        if (!guided)
        {
            unetOutput[..latentLength].CopyTo(eps);
            return;
        }
        ReadOnlySpan<float> unconditional = unetOutput[..latentLength];
        TensorPrimitives.Subtract(unetOutput.Slice(sampleLength, latentLength), unconditional, eps);
        TensorPrimitives.MultiplyAdd(eps, guidance, unconditional, eps);
    }
}
