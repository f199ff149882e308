namespace SaeExplorer.Core.Embeddings;

/// <summary>A .npy file that this reader cannot or will not read; the message names the problem.</summary>
public sealed class NpyFormatException : Exception
{
    public NpyFormatException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
