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

/// <summary>A format's name as the database and the API keep it ("saelens", "pth", "saev").</summary>
public static class SaeFormatNames
{
    public static string Name(SaeFormat format) => format.ToString().ToLowerInvariant();

    /// <summary>The format named; SAELens for a name it does not know (the rows made before formats were recorded).</summary>
    public static SaeFormat Parse(string? name) => Enum.TryParse<SaeFormat>(name, ignoreCase: true, out var f) && f != SaeFormat.Auto ? f : SaeFormat.SaeLens;
}
