using SaeExplorer.Core.Sae.Loading;

namespace SaeExplorer.Core.Settings;

/// <summary>
/// Every path of one SAE of a workspace, named once: its weights (the SAELens folder training writes, or the imported
/// file kept byte for byte, so its fingerprint stays the one an index built elsewhere records), training checkpoints,
/// feature index and icons. A workspace's first SAE lives in the workspace folder itself, where it always has; the
/// others each in saes/&lt;name&gt; (<see cref="WorkspaceFiles.SaeFolder"/>).
/// </summary>
public sealed record SaeFiles(string Root)
{
    /// <summary>The weights: a SAELens folder, or the folder an imported .pth or sae.pt is copied into.</summary>
    public string Weights => Path.Combine(Root, "sae");

    /// <summary>Training checkpoints (step_*), removed once the SAE is saved.</summary>
    public string Checkpoints => Path.Combine(Root, "sae-checkpoints");

    /// <summary>The feature index the index stage builds, or the one imported with the SAE.</summary>
    public string FeatureIndex => Path.Combine(Root, "features.idx");

    public string FeatureIndexCheckpoint => FeatureIndex + ".checkpoint";

    /// <summary>The feature icons the icons stage draws: the set (icons.json) and a PNG per pictured feature.</summary>
    public string Icons => Path.Combine(Root, "renders", "icons");

    /// <summary>What <see cref="SaeLoader"/> opens for weights of <paramref name="format"/>: the folder for SAELens, else the file in it.</summary>
    public string LoadPath(SaeFormat format) => LoadPath(Weights, format);

    /// <inheritdoc cref="LoadPath(SaeFormat)"/>
    public static string LoadPath(string weights, SaeFormat format) => format switch
    {
        SaeFormat.Pth => Path.Combine(weights, "sae.pth"),
        SaeFormat.Saev => Path.Combine(weights, "sae.pt"),
        _ => weights,
    };

    /// <summary>The files of the SAE whose weights folder is <paramref name="weights"/> (as the database records it).</summary>
    public static SaeFiles OfWeights(string weights) => new(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(weights))!);
}
