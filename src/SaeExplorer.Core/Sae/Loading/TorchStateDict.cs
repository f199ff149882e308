using System.Collections;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Sae.Loading;

/// <summary>Writes torch.save'd state dicts (zip format) through TorchSharp.PyBridge; <see cref="TorchZipFile"/> reads them.</summary>
public static class TorchStateDict
{
    public static void Write(Stream stream, IReadOnlyDictionary<string, Tensor> tensors, bool leaveOpen = false)
    {
        var table = new Hashtable();
        foreach (var (k, v) in tensors) table[k] = v;
        PyTorchPickler.PickleStateDict(stream, table, leaveOpen);
    }
}
