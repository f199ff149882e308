using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Sae.Model;
using static TorchSharp.torch;

namespace SaeExplorer.Testing;

/// <summary>
/// SAE files to import, copied under an import root: the core tests' PyTorch-written SAEs (16 -> 48, the same weights in
/// the SAELens, paper .pth and saev layouts), and ones written here with a value of choice.
/// </summary>
public static class SaeFixtures
{
    /// <summary>The SAELens folder, the paper authors' .pth and the saev sae.pt, by file or folder name.</summary>
    public static readonly string[] Formats = ["saelens", "seed_layout.pth", "saev_sae.pt"];

    /// <summary>Copies fixture <paramref name="name"/> (a file, or a folder such as "saelens" or "broken/nan") to <paramref name="folder"/>/<paramref name="as"/>.</summary>
    public static string CopyTo(string folder, string name, string? @as = null)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "sae-fixtures", name);
        var target = Path.Combine(folder, @as ?? Path.GetFileName(name));
        Directory.CreateDirectory(folder);
        if (File.Exists(source)) File.Copy(source, target, overwrite: true);
        else
        {
            Directory.CreateDirectory(target);
            foreach (var file in Directory.GetFiles(source)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
        return target;
    }

    /// <summary>
    /// A random <paramref name="dIn"/> -> <paramref name="dSae"/> ReLU SAE in the paper authors' .pth layout; one of its encoder
    /// weights is <paramref name="poison"/> when given (NaN, infinity).
    /// </summary>
    public static string WritePth(string path, int dIn, int dSae, int seed = 3, float? poison = null)
    {
        var random = new Random(seed);
        float[] Values(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var wEnc = Values(dIn * dSae);
        if (poison is { } value) wEnc[wEnc.Length / 2] = value;
        using var we = tensor(wEnc, [dIn, dSae]);
        using var be = tensor(Values(dSae));
        using var wd = tensor(Values(dSae * dIn), [dSae, dIn]);
        using var bd = zeros(dIn);
        using var sae = new SparseAutoencoder(new SaeConfig(SaeArchitecture.Standard, dIn, dSae) { ApplyBDecToInput = false }, we, be, wd, bd);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        PthSaver.Save(sae, path);
        return path;
    }
}
