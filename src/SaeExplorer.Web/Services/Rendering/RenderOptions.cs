using System.ComponentModel.DataAnnotations;
using SaeExplorer.Core.Settings;
using SaeExplorer.Core.Steering;

namespace SaeExplorer.Web.Services.Rendering;

/// <summary>The render service, bound from the appsettings section "Render".</summary>
public sealed record RenderOptions : ISectionOptions
{
    public static string Section => "Render";

    public const string Retrieval = "retrieval";
    public const string Kandinsky = "kandinsky";

    /// <summary>"retrieval" (nearest corpus images) or "kandinsky" (generated; falls back to retrieval, saying why,
    /// when its files or the workspace's space do not allow it).</summary>
    [RegularExpression("^(retrieval|kandinsky)$", ErrorMessage = "must be retrieval or kandinsky")]
    public string Renderer { get; init; } = Retrieval;

    /// <summary>Renders waiting on one device at most; more are refused ("queue full").</summary>
    [Range(1, 100_000)]
    public int QueueCapacity { get; init; } = 64;

    /// <summary>Renders one user may have waiting at once (a newer request for the same slot replaces its older one).</summary>
    [Range(1, 10_000)]
    public int PerUserQueued { get; init; } = 8;

    /// <summary>Token bucket per user: renders a second, refilled continuously...</summary>
    [Range(0.01, 100_000)]
    public double RequestsPerSecond { get; init; } = 5;

    /// <summary>... up to this many at once.</summary>
    [Range(1, 100_000)]
    public int Burst { get; init; } = 20;

    /// <summary>Results kept in memory (least recently used go first); 0 keeps none.</summary>
    [Range(0, 1_000_000)]
    public int MemoryCacheEntries { get; init; } = 256;

    /// <summary>Where results are kept on disk (PNG + JSON), relative to Saex:DataDirectory; empty keeps none.</summary>
    public string CacheFolder { get; init; } = "cache/renders";

    /// <summary>Kandinsky steps when a request gives none; unset: Kandinsky:DefaultSteps.</summary>
    [Range(1, 1000)]
    public int? DefaultSteps { get; init; }

    /// <summary>Kandinsky guidance when a request gives none; unset: Kandinsky:DefaultGuidance.</summary>
    [Range(0.0, 100.0)]
    public float? DefaultGuidance { get; init; }

    /// <summary>Picture width and height when a request gives none.</summary>
    [AllowedValues(512, 768, ErrorMessage = "must be 512 or 768")]
    public int DefaultSize { get; init; } = 512;

    public long DefaultSeed { get; init; }

    /// <summary>Nearest corpus images when a request gives no top k.</summary>
    [Range(1, 1000)]
    public int DefaultTop { get; init; } = 8;

    /// <summary>The request's parameters with these defaults in the unset ones.</summary>
    public RenderParameters Fill(RenderParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters with
        {
            Steps = parameters.Steps ?? DefaultSteps,
            Guidance = parameters.Guidance ?? DefaultGuidance,
            Width = parameters.Width ?? DefaultSize,
            Height = parameters.Height ?? DefaultSize,
            Seed = parameters.Seed ?? DefaultSeed,
            Top = parameters.Top ?? DefaultTop,
        };
    }
}
