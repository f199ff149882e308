using static TorchSharp.torch;

namespace SaeExplorer.Core.Sae.Model;

/// <summary>The three activation rules, on tensors and on managed spans (SAELens semantics).</summary>
internal static class Activation
{
    /// <summary>
    /// Overwrites <paramref name="pre"/> with its activations and returns it: a batch's pre-activations
    /// run to tens of MB (256 x 81,920 floats is 84 MB), and a fresh output tensor of that size costs
    /// about a third of the batch's addmm again in page faults on a VM.
    /// </summary>
    public static Tensor ApplyInPlace(SaeConfig cfg, Tensor pre, Tensor? threshold)
    {
        switch (cfg.Architecture)
        {
            case SaeArchitecture.TopK:
                var (values, indices) = pre.topk(cfg.K!.Value, dim: -1);
                // fill_(0), not zero_(): the trainer runs this under autograd, where zero_ has no derivative.
                return pre.fill_(0).scatter_(-1, indices, nn.functional.relu(values));
            case SaeArchitecture.JumpReLU:
                // relu(pre) > threshold differs from pre > threshold only where relu(pre) is 0, which stays 0.
                pre.relu_();
                return pre.mul_(pre.gt(threshold!));
            default:
                return pre.relu_();
        }
    }

    public static void Apply(SaeConfig cfg, Span<float> pre, ReadOnlySpan<float> threshold)
    {
        switch (cfg.Architecture)
        {
            case SaeArchitecture.TopK:
                TopKInPlace(pre, cfg.K!.Value);
                break;
            case SaeArchitecture.JumpReLU:
                for (var i = 0; i < pre.Length; i++)
                    if (!(pre[i] > threshold[i]) || pre[i] < 0f) pre[i] = 0f;
                break;
            default:
                for (var i = 0; i < pre.Length; i++)
                    if (!(pre[i] > 0f)) pre[i] = 0f;
                break;
        }
    }

    /// <summary>Keeps the k largest entries (ReLU applied), zeroing the rest; O(n log k) with a min-heap.</summary>
    private static void TopKInPlace(Span<float> v, int k)
    {
        var heap = new PriorityQueue<int, float>(k + 1);
        for (var i = 0; i < v.Length; i++)
        {
            if (heap.Count < k) heap.Enqueue(i, v[i]);
            else if (heap.TryPeek(out _, out var min) && v[i] > min) heap.EnqueueDequeue(i, v[i]);
        }
        var keep = new (int, float)[heap.Count];
        var n = 0;
        while (heap.TryDequeue(out var idx, out var val)) keep[n++] = (idx, val);
        v.Clear();
        foreach (var (idx, val) in keep) v[idx] = val > 0f ? val : 0f;
    }
}
