namespace SaeExplorer.Core.Rendering.Kandinsky;

/// <summary>The sampler that walks the latents from noise to picture.</summary>
public enum SchedulerKind
{
    /// <summary>diffusers' DDPMScheduler, the decoder's own (stochastic: fresh noise every step).</summary>
    Ddpm,

    /// <summary>diffusers' DDIMScheduler with eta 0 (deterministic, invertible: needed to edit a real image).</summary>
    Ddim,
}
