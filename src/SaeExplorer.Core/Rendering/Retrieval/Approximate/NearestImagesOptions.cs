using System.ComponentModel.DataAnnotations;

namespace SaeExplorer.Core.Rendering.Retrieval.Approximate;

/// <summary>
/// When and how nearest corpus images come from the approximate index (USearch HNSW over int8 vectors, cosine)
/// instead of the exact scan, bound from appsettings "NearestImages". Exact retrieval stays for corpora below
/// <see cref="ApproximateFromRows"/> rows, and is the reference the approximate one is measured against.
/// </summary>
public sealed record NearestImagesOptions : Settings.ISectionOptions
{
    public static string Section => "NearestImages";

    /// <summary>Corpora of at least this many rows get the approximate index (its preparation stage, and its use).</summary>
    [Range(1, int.MaxValue)]
    public int ApproximateFromRows { get; init; } = 200_000;

    /// <summary>
    /// HNSW links per node (M). 32 rather than 16: at 10^6 rows recall@8 0.936 against 0.921 at the same search cost,
    /// for 0.26 GB more links (docs/scale.md).
    /// </summary>
    [Range(2, 256)]
    public int Connectivity { get; init; } = 32;

    /// <summary>Candidates examined per insertion (ef_construction).</summary>
    [Range(1, 4096)]
    public int ExpansionAdd { get; init; } = 128;

    /// <summary>
    /// Candidates examined per search (ef): more finds more of the true nearest, slower. 512: recall@8 0.97 over 10^6
    /// rows of 1280-d; 384: 0.963; 256: 0.93 (docs/scale.md).
    /// </summary>
    [Range(1, 4096)]
    public int ExpansionSearch { get; init; } = 512;

    public const string Float16 = "f16", Int8 = "i8";

    /// <summary>
    /// How the graph keeps its vectors: "i8" (1 byte a dimension) or "f16" (2 bytes). At 10^6 x 1280, i8 with 32 links
    /// is a 1.56 GB graph against 2.71 GB for f16 with 16 (which put the stage 28 MB over its memory bound), at higher
    /// recall. Scores are exact either way (the candidates are rescored from the corpus); only recall can differ.
    /// </summary>
    [AllowedValues(Float16, Int8)]
    public string Vectors { get; init; } = Int8;

    /// <summary>
    /// Rows the graph returns per query (its best by the int8 distance), rescored exactly from the corpus before the top
    /// are kept. 64 rather than all 512 the search examines: the same recall@8 at 10^6 rows (0.971), and 1.3 ms less a
    /// query (p50 4.4 against 5.8 ms), since each rescored row is read from the mapped corpus.
    /// </summary>
    [Range(1, 4096)]
    public int Candidates { get; init; } = 64;

    /// <summary>Rows added between checkpoints of the build (a kill loses at most these).</summary>
    [Range(1, int.MaxValue)]
    public int CheckpointEveryRows { get; init; } = 100_000;

    /// <summary>Threads that add rows and answer many queries at once.</summary>
    [Range(1, 4096)]
    public int Threads { get; init; } = Environment.ProcessorCount;
}
