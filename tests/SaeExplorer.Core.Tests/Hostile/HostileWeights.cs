using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Sae.Model;
using SaeExplorer.Core.Tests.Sae;

namespace SaeExplorer.Core.Tests.Hostile;

/// <summary>
/// Hostile SAE weight files from the seed, written under a folder: SAELens folders (cfg.json + safetensors) whose
/// header length, header JSON (dtype, shape, data_offsets of the wrong type or size, overflowing shapes) or config fields
/// lie; torch .pth zips cut short or with bytes changed; saev files whose JSON line lies. Each case is a path
/// <see cref="SaeLoader.Load"/> takes.
/// </summary>
public static class HostileWeights
{
    private static readonly string[] BadValues =
    [
        "5", "-1", "0", "null", "true", "[]", "{}", "\"x\"", "\"\"", "1e20", "2.5", "[[1]]", "[-1, 2]", "[1000000000000, 1000000000000]",
        "[2147483648, 4]", "[1.5]", "[\"1\"]", "9007199254740993", "-9223372036854775809",
    ];

    /// <summary>The cases as (name, path) under <paramref name="folder"/>.</summary>
    public static IReadOnlyList<(string Name, string Path)> Write(string folder)
    {
        var r = HostileSeed.For("weights");
        var cases = new List<(string, string)>();
        using var sae = TinySae.Create(TinySae.Config() with { ApplyBDecToInput = false });
        var valid = Path.Combine(folder, "valid-saelens");
        SaeLensSaver.Save(sae, valid);
        var weights = File.ReadAllBytes(Path.Combine(valid, SaeLensLoader.WeightsFile));
        var cfg = File.ReadAllText(Path.Combine(valid, SaeLensLoader.ConfigFile));
        cases.Add(("valid-saelens", valid));

        string SaeLens(string name, byte[] safetensors, string config)
        {
            var dir = Path.Combine(folder, name);
            Directory.CreateDirectory(dir);
            File.WriteAllBytes(Path.Combine(dir, SaeLensLoader.WeightsFile), safetensors);
            File.WriteAllText(Path.Combine(dir, SaeLensLoader.ConfigFile), config);
            cases.Add((name, dir));
            return dir;
        }

        for (var i = 0; i < 15; i++) SaeLens($"st-truncated-{i}", Mutate.Truncate(r, weights), cfg);
        for (var i = 0; i < 15; i++) SaeLens($"st-flipped-{i}", Mutate.Flip(r, weights), cfg);
        foreach (var (length, i) in new ulong[] { 0, 1, 7, (ulong)weights.Length - 8, (ulong)weights.Length, ulong.MaxValue, 1UL << 63, (ulong)r.NextInt64() }
                     .Select((l, i) => (l, i)))
        {
            var copy = (byte[])weights.Clone();
            BinaryPrimitives.WriteUInt64LittleEndian(copy, length);
            SaeLens($"st-length-{i}", copy, cfg);
        }
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(weights);
        var header = JsonNode.Parse(weights.AsSpan(8, headerLength))!.AsObject();
        var body = weights[(8 + headerLength)..];
        var tensors = header.Select(p => p.Key).Where(k => k != "__metadata__").ToList();
        for (var i = 0; i < 70; i++)
        {
            var changed = header.DeepClone().AsObject();
            var name = tensors[r.Next(tensors.Count)];
            var what = (i % 7) switch { 0 => "dtype", 1 => "shape", 2 => "data_offsets", 3 => "entry", 4 => "__metadata__", 5 => "remove", _ => "shape" };
            var value = BadValues[r.Next(BadValues.Length)];
            switch (what)
            {
                case "entry": changed[name] = JsonNode.Parse(value); break;
                case "__metadata__": changed["__metadata__"] = JsonNode.Parse(value); break;
                case "remove": changed.Remove(name); break;
                default: changed[name]![what] = JsonNode.Parse(value); break;
            }
            SaeLens($"st-header-{what}-{i}", Safetensors(Encoding.UTF8.GetBytes(changed.ToJsonString()), body), cfg);
        }
        SaeLens("st-header-deep", Safetensors(Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)), body), cfg);
        SaeLens("st-header-not-utf8", Safetensors([0xFF, 0xFE, 0x7B, 0x7D], body), cfg);
        SaeLens("st-header-array", Safetensors("[1,2,3]"u8.ToArray(), body), cfg);

        var config = JsonNode.Parse(cfg)!.AsObject();
        var fields = config.Select(p => p.Key).Concat(["architecture", "apply_b_dec_to_input", "normalize_activations", "dtype"]).Distinct().ToList();
        for (var i = 0; i < 45; i++)
        {
            var changed = config.DeepClone().AsObject();
            var field = fields[r.Next(fields.Count)];
            changed[field] = JsonNode.Parse(BadValues[r.Next(BadValues.Length)]);
            SaeLens($"cfg-{field}-{i}", weights, changed.ToJsonString());
        }
        foreach (var (text, i) in new[] { "", "{", "[]", "null", new string('{', 3000), "{\"d_in\": 4}", "\uFEFF{}" }.Select((t, i) => (t, i)))
            SaeLens($"cfg-text-{i}", weights, text);

        var pth = Path.Combine(folder, "valid.pth");
        PthSaver.Save(sae, pth);
        var pthBytes = File.ReadAllBytes(pth);
        cases.Add(("valid-pth", pth));
        string File_(string name, byte[] bytes)
        {
            var path = Path.Combine(folder, name);
            File.WriteAllBytes(path, bytes);
            cases.Add((name, path));
            return path;
        }
        for (var i = 0; i < 12; i++) File_($"pth-truncated-{i}.pth", [(byte)'P', (byte)'K', .. Mutate.Truncate(r, pthBytes)[Math.Min(2, pthBytes.Length)..]]);
        for (var i = 0; i < 20; i++) File_($"pth-flipped-{i}.pth", Mutate.Flip(r, pthBytes, from: 2));
        for (var i = 0; i < 5; i++) File_($"pth-junk-{i}.pth", [(byte)'P', (byte)'K', .. Mutate.Junk(r, r.Next(0, 3000))]);
        for (var i = 0; i < 5; i++) File_($"pth-pickle-{i}.pth", [0x80, .. Mutate.Junk(r, r.Next(0, 3000))]);

        var saev = Path.Combine(folder, "valid-saev.pt");
        SaevLoader.Save(sae, saev);
        var saevBytes = File.ReadAllBytes(saev);
        var newline = Array.IndexOf(saevBytes, (byte)'\n');
        var saevConfig = JsonNode.Parse(saevBytes.AsSpan(0, newline))!.AsObject();
        cases.Add(("valid-saev", saev));
        for (var i = 0; i < 24; i++)
        {
            var changed = saevConfig.DeepClone().AsObject();
            changed[i % 2 == 0 ? "d_vit" : "exp_factor"] = JsonNode.Parse(BadValues[r.Next(BadValues.Length)]);
            File_($"saev-config-{i}.pt", [.. Encoding.UTF8.GetBytes(changed.ToJsonString()), .. saevBytes[newline..]]);
        }
        File_("saev-no-newline.pt", Encoding.UTF8.GetBytes(saevConfig.ToJsonString()));
        File_("saev-not-json.pt", [.. "{not json\n"u8.ToArray(), .. saevBytes[(newline + 1)..]]);
        File_("saev-deep.pt", [.. Encoding.UTF8.GetBytes(new string('{', 3000) + "\n"), .. saevBytes[(newline + 1)..]]);
        for (var i = 0; i < 8; i++) File_($"saev-body-{i}.pt", [.. saevBytes[..(newline + 1)], .. Mutate.Flip(r, saevBytes[(newline + 1)..], from: 2)]);
        return cases;
    }

    private static byte[] Safetensors(byte[] header, byte[] body)
    {
        var length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        return [.. length, .. header, .. body];
    }
}
