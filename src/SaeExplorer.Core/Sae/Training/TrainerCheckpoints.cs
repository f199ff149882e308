using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Sae.Model;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Sae.Training;

/// <summary>
/// step_NNNNNNNN folders under a root: the SAE as SAELens files (loadable like any other SAE), Adam's
/// moments in optimizer.safetensors and the counters in trainer_state.json.
/// </summary>
internal sealed class TrainerCheckpoints(string root, int seed, Action<string> log)
{
    /// <summary>The newest step_* checkpoint under a folder, or null.</summary>
    public static string? Latest(string folder) =>
        Directory.Exists(folder)
            ? Directory.GetDirectories(folder, "step_*").Where(d => File.Exists(Path.Combine(d, TrainerState.FileName)))
                .OrderBy(d => d, StringComparer.Ordinal).LastOrDefault()
            : null;

    public string Save(int step, int totalSteps, SaeParameters p, SaeConfig config, AdamState adam, float? scale, DeadFeatures dead)
    {
        var folder = Path.Combine(root, $"step_{step:D8}");
        using (var sae = p.ToSae(config)) SaeLensSaver.Save(sae, folder);
        using (var scope = NewDisposeScope())
        {
            var tensors = new List<SafetensorsTensor>();
            for (var i = 0; i < p.All.Length; i++)
            {
                tensors.Add(TensorBytes.FromTensor("m." + SaeParameters.Names[i], adam.M[i].detach().cpu()));
                tensors.Add(TensorBytes.FromTensor("v." + SaeParameters.Names[i], adam.V[i].detach().cpu()));
            }
            SafetensorsFile.Write(Path.Combine(folder, TrainerState.OptimizerFile), tensors);
        }
        new TrainerState(step, totalSteps, seed, adam.Step, scale, dead.Counters).Save(folder);
        log($"SAE trainer: checkpoint {folder}");
        return folder;
    }

    /// <summary>Adam's moments and step count from a checkpoint; without its optimizer file Adam restarts from zero moments.</summary>
    public static void LoadOptimizer(string folder, AdamState adam, TrainerState state, Device dev)
    {
        var path = Path.Combine(folder, TrainerState.OptimizerFile);
        if (!File.Exists(path)) return;
        var t = SafetensorsFile.Read(path).Tensors;
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        for (var i = 0; i < SaeParameters.Names.Length; i++)
        {
            adam.M[i].copy_(TensorBytes.ToTensor(t["m." + SaeParameters.Names[i]]).to(dev));
            adam.V[i].copy_(TensorBytes.ToTensor(t["v." + SaeParameters.Names[i]]).to(dev));
        }
        adam.Step = state.AdamStep;
    }
}
