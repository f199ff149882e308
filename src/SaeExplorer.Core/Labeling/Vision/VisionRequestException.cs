namespace SaeExplorer.Core.Labeling.Vision;

/// <summary>The endpoint gave no answer: it refused the request, or kept failing after every retry. The message says which.</summary>
public sealed class VisionRequestException(string message, Exception? inner = null) : Exception(message, inner);
