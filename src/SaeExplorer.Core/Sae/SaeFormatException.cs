namespace SaeExplorer.Core.Sae;

/// <summary>A weight file or config that cannot be turned into a valid SAE. The message names the file,
/// tensor and shapes involved so a user can fix the input without a debugger.</summary>
public sealed class SaeFormatException : Exception
{
    public SaeFormatException(string message) : base(message) { }
    public SaeFormatException(string message, Exception inner) : base(message, inner) { }
}
