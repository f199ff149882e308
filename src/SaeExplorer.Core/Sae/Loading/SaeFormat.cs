namespace SaeExplorer.Core.Sae.Loading;

public enum SaeFormat
{
    /// <summary>Folder with cfg.json -> SaeLens; file starting with '{' -> Saev; zip/pickle -> Pth.</summary>
    Auto,
    SaeLens,
    Pth,
    Saev,
}

/// <summary>Options shared by the loaders.</summary>
/// <param name="ExpectedDIn">Embedding dimension the SAE must accept (e.g. 1280 for CLIP ViT-bigG/14).</param>
/// <param name="DType">Store weights in this dtype (e.g. Float16 to halve memory); null keeps the file's dtype.</param>
public sealed record SaeLoadOptions(int? ExpectedDIn = null, Model.SaeWeightDType? DType = null);
