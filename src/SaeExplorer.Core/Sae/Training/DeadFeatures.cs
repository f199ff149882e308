using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Sae.Training;

/// <summary>Steps since each feature last fired; a feature is dead once that reaches the window.
/// The counters travel in checkpoints, so a resumed run sees the same dead set.</summary>
internal sealed class DeadFeatures
{
    private readonly int[] _sinceFired;
    private readonly int _window;

    public DeadFeatures(int dSae, int window, int[]? saved)
    {
        _sinceFired = saved is { } s && s.Length == dSae ? (int[])s.Clone() : new int[dSae];
        _window = window;
    }

    public int Count => _sinceFired.Length;
    public int[] Counters => (int[])_sinceFired.Clone();

    /// <summary>Counts one step from the batch's activations [B, d_sae].</summary>
    public void Observe(Tensor f)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var fired = MemoryMarshal.Cast<byte, bool>(f.detach().gt(0).any(0).cpu().bytes);
        for (var i = 0; i < _sinceFired.Length; i++) _sinceFired[i] = fired[i] ? 0 : _sinceFired[i] + 1;
    }

    public bool IsDead(int feature) => _sinceFired[feature] >= _window;

    public int[] DeadIndices() => Enumerable.Range(0, _sinceFired.Length).Where(IsDead).ToArray();

    public double DeadShare => _sinceFired.Count(c => c >= _window) / (double)_sinceFired.Length;

    /// <summary>Restarts the count of features given a new direction.</summary>
    public void Revive(IEnumerable<int> features)
    {
        foreach (var i in features) _sinceFired[i] = 0;
    }
}
