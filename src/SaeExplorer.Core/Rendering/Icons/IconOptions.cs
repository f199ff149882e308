using System.ComponentModel.DataAnnotations;
using SaeExplorer.Core.Settings;

namespace SaeExplorer.Core.Rendering.Icons;

/// <summary>Feature icons (the "icons" preparation stage), bound from the appsettings section "Icons".</summary>
public sealed record IconOptions : ISectionOptions
{
    public static string Section => "Icons";

    /// <summary>Whether the stage draws icons at all (off: it finishes at once and pages show no icons).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The value a feature is set to on the base, as is; unset: <see cref="ValueRelativeToMax"/> times the
    /// feature's max activation over the corpus.</summary>
    [Range(0.0, 1e6)]
    public float? Value { get; init; }

    /// <summary>Multiple of the feature's max activation it is set to when <see cref="Value"/> is unset (1: as strongly
    /// as it ever fires, so it dominates the base).</summary>
    [Range(0.0, 1000.0)]
    public float ValueRelativeToMax { get; init; } = 1f;

    /// <summary>Kandinsky denoising steps per icon.</summary>
    [Range(1, 1000)]
    public int Steps { get; init; } = 12;

    /// <summary>Kandinsky seed: the same for every icon, so icons differ by their feature alone.</summary>
    public long Seed { get; init; }

    /// <summary>Kandinsky picture width and height.</summary>
    [AllowedValues(512, 768, ErrorMessage = "must be 512 or 768")]
    public int Size { get; init; } = 512;

    /// <summary>
    /// Icons looked up per pass when they are nearest corpus images: each batch is one pass over the corpus, saved
    /// and reported when done, so more is fewer passes and fewer, larger steps lost to a kill.
    /// </summary>
    [Range(1, 65_536)]
    public int RetrievalBatch { get; init; } = 4096;

    /// <summary>The value a feature is set to, given its max activation over the corpus.</summary>
    public float ValueFor(float maxActivation) => Value ?? ValueRelativeToMax * maxActivation;
}
