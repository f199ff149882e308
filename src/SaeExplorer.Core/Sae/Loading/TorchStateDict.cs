using System.Collections;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace SaeExplorer.Core.Sae.Loading;

/// <summary>torch.save'd state dicts (zip format) through TorchSharp.PyBridge.</summary>
public static class TorchStateDict
{
    /// <summary>Reads a state dict; the caller disposes the tensors.</summary>
    public static Dictionary<string, Tensor> Read(Stream stream, string source)
    {
        Hashtable table;
        try
        {
            table = PyTorchUnpickler.UnpickleStateDict(stream, false, false);
        }
        catch (NotImplementedException e)
        {
            throw new SaeFormatException($"{source}: {e.Message}", e);
        }
        // The unpickler reads untrusted bytes: whatever it throws on bytes it cannot make sense of (an index out of range in a
        // damaged pickle, a bad cast, a short zip) means the file is not a readable state dict.
        catch (Exception e) when (e is not (OutOfMemoryException or SaeFormatException))
        {
            throw new SaeFormatException($"{source}: not a readable torch.save state dict ({e.GetType().Name}: {e.Message})", e);
        }
        var result = new Dictionary<string, Tensor>();
        foreach (DictionaryEntry e in table)
        {
            if (e.Value is Tensor t) result[(string)e.Key] = t;
        }
        return result;
    }

    public static void Write(Stream stream, IReadOnlyDictionary<string, Tensor> tensors, bool leaveOpen = false)
    {
        var table = new Hashtable();
        foreach (var (k, v) in tensors) table[k] = v;
        PyTorchPickler.PickleStateDict(stream, table, leaveOpen);
    }

    public static Tensor Require(Dictionary<string, Tensor> dict, string source, params string[] names)
    {
        foreach (var n in names)
            if (dict.TryGetValue(n, out var t)) return t;
        throw new SaeFormatException(
            $"{source}: expected tensor '{string.Join("' or '", names)}' not found; keys found: {SaeParts.Keys(dict.Keys)}");
    }
}
