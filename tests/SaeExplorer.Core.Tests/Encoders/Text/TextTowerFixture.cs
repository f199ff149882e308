using SaeExplorer.Core.Encoders;

namespace SaeExplorer.Core.Tests.Encoders.Text;

/// <summary>
/// The stand-in CLIP text tower of Fixtures/clip-text (tools/clip-text/make_test_text_tower.py): CLIP's vocabulary
/// layout with a few whole-word merges, and graphs that sum a fixed row per token, so "dog" embeds to e0, "cat" to
/// e1, "fish" to e2, "red" to e3 and "photo" to 0.1 e7, in 8 dimensions. Linked into the web tests.
/// </summary>
internal static class TextTowerFixture
{
    public const int Dimension = 4;

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "clip-text");

    public static string File(string name) => Path.Combine(Folder, name);

    public static EncoderOptions Options(string model = "text.onnx") => new() { TextModelPath = File(model), Device = "cpu" };

    /// <summary>What "photo" adds.</summary>
    public static float[] Photo => [0.1f, 0.1f, 0.1f, 0.1f];

    /// <summary>Unit vector i of the stand-in's space (times <paramref name="value"/>).</summary>
    public static float[] E(int i, float value = 1f)
    {
        var v = new float[Dimension];
        v[i] = value;
        return v;
    }
}
