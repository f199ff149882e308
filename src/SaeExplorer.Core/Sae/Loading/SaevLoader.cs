using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SaeExplorer.Core.Sae.Model;

namespace SaeExplorer.Core.Sae.Loading;

/// <summary>
/// saev's sae.pt: one line of JSON config (d_vit, exp_factor, sparsity_coeff, ...), a newline, then a
/// torch.save state dict with W_enc [d_vit, d_sae], b_enc, W_dec [d_sae, d_vit], b_dec. Encoding subtracts b_dec.
/// </summary>
public static class SaevLoader
{
    /// <summary>The config line is read whole; a longer first line is not a saev file.</summary>
    private const int MaxConfigBytes = 1 << 20;

    public static SparseAutoencoder Load(string path, SaeLoadOptions? options = null)
    {
        using var file = Open(path);
        return file.Load(options ?? new SaeLoadOptions());
    }

    /// <summary>The config line and the state dict's layout; no weight is read yet.</summary>
    public static SaeFile Open(string path)
    {
        var fs = File.OpenRead(path);
        TorchZipFile? zip = null;
        try
        {
            var head = new byte[(int)Math.Min(MaxConfigBytes, fs.Length)];
            fs.ReadExactly(head);
            var nl = Array.IndexOf(head, (byte)'\n');
            if (nl < 0) throw new SaeFormatException($"{path}: no newline after the JSON config line");
            var line = Encoding.UTF8.GetString(head, 0, nl);
            JsonObject cfgJson;
            try { cfgJson = JsonFields.Parse(line) as JsonObject ?? throw new SaeFormatException($"{path}: config line is not a JSON object"); }
            catch (JsonException e) { throw new SaeFormatException($"{path}: config line is not valid JSON ({e.Message})", e); }

            zip = TorchZipFile.Open(new IO.SubReadStream(fs, nl + 1, fs.Length - nl - 1), path);
            var wEnc = zip.Require(path, "W_enc");
            var bEnc = zip.Require(path, "b_enc");
            var wDec = zip.Require(path, "W_dec");
            var bDec = zip.Require(path, "b_dec");
            if (wEnc.Shape.Length != 2) throw new SaeFormatException($"{path}: W_enc must be 2-D [d_vit, d_sae], got {WeightValidator.Shape(wEnc.Shape)}");
            int dIn = (int)wEnc.Shape[0], dSae = (int)wEnc.Shape[1];
            if (JsonFields.Int(cfgJson["d_vit"], "d_vit", path) is { } dv && dv != dIn)
                throw new SaeFormatException($"{path}: config d_vit={dv} but W_enc has shape {WeightValidator.Shape(wEnc.Shape)}");
            if (JsonFields.Int(cfgJson["exp_factor"], "exp_factor", path) is { } ef && (long)ef * dIn != dSae)
                throw new SaeFormatException(
                    $"{path}: config exp_factor={ef} implies d_sae={(long)ef * dIn} but W_enc has shape {WeightValidator.Shape(wEnc.Shape)}");
            var meta = cfgJson.ToDictionary(kv => kv.Key,
                kv => kv.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : kv.Value?.ToJsonString() ?? "null");
            var cfg = new SaeConfig(SaeArchitecture.Standard, dIn, dSae) { ApplyBDecToInput = true, Metadata = meta };
            return new SaeFile(SaeFormat.Saev, path, cfg, wEnc, encoderFeatureMajor: false, bEnc, wDec, decoderFeatureMajor: true, bDec, owner: zip);
        }
        catch
        {
            if (zip is null) fs.Dispose();
            else zip.Dispose();
            throw;
        }
    }

    /// <summary>Writes the saev layout (JSON line + torch.save bytes); used by tests and exports.</summary>
    public static void Save(SparseAutoencoder sae, string path, IReadOnlyDictionary<string, JsonNode?>? extraConfig = null)
    {
        var cfg = new JsonObject { ["d_vit"] = sae.DIn };
        if (sae.DSae % sae.DIn == 0) cfg["exp_factor"] = sae.DSae / sae.DIn; // saev's field is an integer
        if (extraConfig is not null) foreach (var (k, v) in extraConfig) cfg[k] = v?.DeepClone();
        using var scope = TorchSharp.torch.NewDisposeScope();
        // The zip must be built on its own: its offsets are relative to its own start, as torch.save writes them.
        using var zip = new MemoryStream();
        TorchStateDict.Write(zip, new Dictionary<string, TorchSharp.torch.Tensor>
        {
            ["W_enc"] = sae.EncoderWeights(),
            ["b_enc"] = sae.EncoderBias,
            ["W_dec"] = sae.DecoderWeights,
            ["b_dec"] = sae.DecoderBias,
        }, leaveOpen: true);
        using var fs = File.Create(path);
        fs.Write(Encoding.UTF8.GetBytes(cfg.ToJsonString() + "\n"));
        zip.Position = 0;
        zip.CopyTo(fs);
    }
}
