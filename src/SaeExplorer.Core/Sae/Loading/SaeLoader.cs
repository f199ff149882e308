using SaeExplorer.Core.Sae.Model;

namespace SaeExplorer.Core.Sae.Loading;

/// <summary>Entry point: loads any supported SAE format, detecting it when asked.</summary>
public static class SaeLoader
{
    public static SparseAutoencoder Load(string path, SaeFormat format = SaeFormat.Auto, int? expectedDIn = null,
        SaeWeightDType? dtype = null)
    {
        using var file = Open(path, format);
        return file.Load(new SaeLoadOptions(expectedDIn, dtype));
    }

    /// <summary>The file's config and the places of its weights (checked against each other); no weight is read yet.</summary>
    public static SaeFile Open(string path, SaeFormat format = SaeFormat.Auto) => (format == SaeFormat.Auto ? Detect(path) : format) switch
    {
        SaeFormat.SaeLens => SaeLensLoader.Open(SaeLensFolder(path)),
        SaeFormat.Pth => PthLoader.Open(path),
        SaeFormat.Saev => SaevLoader.Open(path),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>The file holding the weights: a SAELens folder's sae_weights.safetensors, else the file itself.</summary>
    public static string WeightsFile(string path, SaeFormat format) =>
        (format == SaeFormat.Auto ? Detect(path) : format) == SaeFormat.SaeLens ? Path.Combine(SaeLensFolder(path), SaeLensLoader.WeightsFile) : path;

    private static string SaeLensFolder(string path) => Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!;

    /// <summary>Folder with cfg.json (or a file inside one) -> SAELens; '{' first -> saev; zip ("PK") or pickle (0x80) -> pth.</summary>
    public static SaeFormat Detect(string path)
    {
        if (Directory.Exists(path))
            return File.Exists(Path.Combine(path, SaeLensLoader.ConfigFile))
                ? SaeFormat.SaeLens
                : throw new SaeFormatException($"{path}: folder has no {SaeLensLoader.ConfigFile} (SAELens layout expected)");
        if (!File.Exists(path)) throw new FileNotFoundException($"SAE file or folder not found: {path}", path);
        var name = Path.GetFileName(path);
        if (name is SaeLensLoader.ConfigFile or SaeLensLoader.WeightsFile) return SaeFormat.SaeLens;
        Span<byte> head = stackalloc byte[2];
        using (var fs = File.OpenRead(path))
        {
            var n = fs.Read(head);
            if (n == 0) throw new SaeFormatException($"{path}: empty file");
            if (head[0] == (byte)'{') return SaeFormat.Saev;
            if (n == 2 && head[0] == (byte)'P' && head[1] == (byte)'K') return SaeFormat.Pth;
            if (head[0] == 0x80) return SaeFormat.Pth; // legacy pickle: PthLoader reports it clearly
        }
        throw new SaeFormatException($"{path}: unrecognised SAE format (expected a SAELens folder, a saev sae.pt or a torch .pth)");
    }
}
