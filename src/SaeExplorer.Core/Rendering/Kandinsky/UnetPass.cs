namespace SaeExplorer.Core.Rendering.Kandinsky;

/// <summary>
/// The decoder UNet bound for one render: one latent of h x w, conditioned on [negative, positive]
/// when guided (batch 2, the latent fed twice) or on the positive alone (batch 1). The embeddings
/// are written once; each call writes the latent and timestep, runs, and combines the output into eps.
/// </summary>
internal sealed class UnetPass : IDisposable
{
    private readonly GraphBinding _binding;
    private readonly float[] _sample;
    private readonly long[] _timestep;
    private readonly float[] _output;
    private readonly int _planeSize;
    private readonly float _guidance;

    /// <param name="guidance">Above 1, <paramref name="negative"/> is required and the batch is guided.</param>
    public UnetPass(OnnxGraph unet, int height, int width, float[] positive, float[]? negative, float guidance)
    {
        bool guided = ClassifierFreeGuidance.IsGuided(guidance);
        if (guided && negative is null)
            throw new ArgumentException("Guidance above 1 needs the negative embedding.", nameof(negative));
        int batch = guided ? 2 : 1;
        _planeSize = height * width;
        _guidance = guidance;
        _binding = new GraphBinding(unet);
        try
        {
            _sample = _binding.BindReal(KandinskyGraphs.UnetSample, [batch, ClassifierFreeGuidance.LatentChannels, height, width]);
            _timestep = _binding.BindInt64(KandinskyGraphs.UnetTimestep, [batch]);
            float[] embeds = _binding.BindReal(KandinskyGraphs.UnetImageEmbeds, [batch, KandinskyEmbeddingSpace.Dimension]);
            _output = _binding.BindReal(KandinskyGraphs.UnetOutput, [batch, ClassifierFreeGuidance.OutputChannels, height, width]);
            if (guided)
            {
                negative!.CopyTo(embeds, 0);
                positive.CopyTo(embeds, KandinskyEmbeddingSpace.Dimension);
            }
            else
            {
                positive.CopyTo(embeds, 0);
            }
        }
        catch
        {
            _binding.Dispose();
            throw;
        }
    }

    /// <summary>eps for latent <paramref name="x"/> at timestep <paramref name="t"/>, guided as configured.</summary>
    public void Predict(ReadOnlySpan<float> x, int t, Span<float> eps)
    {
        int latentLength = ClassifierFreeGuidance.LatentChannels * _planeSize;
        for (int b = 0; b < _timestep.Length; b++)
        {
            x.CopyTo(_sample.AsSpan(b * latentLength, latentLength));
            _timestep[b] = t;
        }
        _binding.Run();
        ClassifierFreeGuidance.Combine(_output, _planeSize, _guidance, eps);
    }

    public void Dispose() => _binding.Dispose();
}
