using System.Globalization;
using System.Text.Json;
using SaeExplorer.Core.IO;

namespace SaeExplorer.Core.Rendering.Icons;

/// <summary>
/// Where one workspace's icons live: the set (icons.json, rewritten whole after each batch, write-then-rename) and
/// one PNG per pictured feature ("&lt;feature&gt;.png"). A set that cannot be read counts as none: the stage draws again.
/// </summary>
public sealed class IconFolder(string path)
{
    public const string SetFile = "icons.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public string Path { get; } = path;

    public string SetPath => System.IO.Path.Combine(Path, SetFile);

    public string PngPath(int feature) => System.IO.Path.Combine(Path, feature.ToString(CultureInfo.InvariantCulture) + ".png");

    public FeatureIconSet? Load()
    {
        if (!File.Exists(SetPath)) return null;
        try
        {
            return JsonSerializer.Deserialize<FeatureIconSet>(File.ReadAllText(SetPath), Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Save(FeatureIconSet set) => AtomicFile.WriteAllText(SetPath, JsonSerializer.Serialize(set, Json));

    public void WritePng(int feature, byte[] png) => AtomicFile.Write(PngPath(feature), stream => stream.Write(png));

    /// <summary>Removes every icon (another SAE, renderer or setting drew them).</summary>
    public void Clear()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
