using System.Buffers.Binary;
using System.Text;
using SaeExplorer.Core.Sae;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Tests.Imaging;

namespace SaeExplorer.Core.Tests.Sae;

/// <summary>
/// Weight files whose config or header holds a value of the wrong type are refused naming the field, not with the JSON
/// library's InvalidOperationException (each case found by the hostile-input generator).
/// </summary>
public sealed class WeightFieldTypeTests
{
    [Theory]
    [InlineData("apply_b_dec_to_input", "\"yes\"", "true or false")]
    [InlineData("normalize_activations", "[1]", "a string")]
    [InlineData("architecture", "5", "a string")]
    [InlineData("dtype", "5", "a string")]
    [InlineData("norm_scaling_factor", "\"big\"", "a number")]
    [InlineData("d_in", "-1", "a whole number")]
    public void ACfgFieldOfTheWrongTypeIsRefusedByName(string field, string value, string expected)
    {
        var json = new System.Text.Json.Nodes.JsonObject { ["architecture"] = "standard", ["d_in"] = 2, ["d_sae"] = 3 };
        json[field] = System.Text.Json.Nodes.JsonNode.Parse(value);
        var e = Assert.Throws<SaeFormatException>(() => SaeLensConfig.Parse(json.ToJsonString()));
        Assert.Contains($"field '{field}' must be {expected}", e.Message);
    }

    [Fact]
    public void AKeyGivenTwiceIsRefusedAsInvalidJson()
    {
        var e = Assert.Throws<SaeFormatException>(() => SaeLensConfig.Parse("""{"d_in": 2, "d_sae": 3, "d_in": 4}"""));
        Assert.Contains("not valid JSON", e.Message);
    }

    [Theory]
    [InlineData("d_vit", "\"abc\"")]
    [InlineData("exp_factor", "1e30")]
    [InlineData("exp_factor", "true")]
    public void ASaevConfigFieldOfTheWrongTypeIsRefusedByName(string field, string value)
    {
        using var dir = new TempDirectory();
        using var sae = TinySae.Create(TinySae.Config());
        var path = dir.File("sae.pt");
        SaevLoader.Save(sae, path);
        var bytes = File.ReadAllBytes(path);
        var newline = Array.IndexOf(bytes, (byte)'\n');
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes($"{{\"{field}\": {value}}}"), .. bytes[newline..]]);
        var e = Assert.Throws<SaeFormatException>(() => SaeLoader.Load(path));
        Assert.Contains($"field '{field}'", e.Message);
    }

    [Theory]
    [InlineData("{\"w\": {\"dtype\": 5, \"shape\": [1], \"data_offsets\": [0, 4]}}", "field 'w.dtype' must be a string")]
    [InlineData("{\"w\": {\"dtype\": \"F32\", \"shape\": [1000000000000, 1000000000000], \"data_offsets\": [0, 4]}}", "more elements than a file can hold")]
    [InlineData("{\"w\": {\"dtype\": \"F32\", \"shape\": [1073741824, 4], \"data_offsets\": [0, 4]}}", "more than one tensor may have")]
    [InlineData("{\"w\": {\"dtype\": \"F\u00ff32\", \"shape\": [1], \"data_offsets\": [0, 4]}}", "not valid UTF-8")]
    public void ASafetensorsHeaderThatLiesIsRefused(string header, string message)
    {
        var text = Encoding.Latin1.GetBytes(header); // \u00ff becomes a lone 0xFF byte: invalid UTF-8
        var file = new byte[8 + text.Length + 4];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)text.Length);
        text.CopyTo(file, 8);
        var e = Assert.Throws<SaeFormatException>(() => SafetensorsFile.Read(new MemoryStream(file)));
        Assert.Contains(message, e.Message);
    }
}
