namespace SaeExplorer.Core.Rendering.Kandinsky;

/// <summary>UNet evaluation <paramref name="Step"/> (1-based) of <paramref name="Total"/> in a render, inversion steps included.</summary>
public readonly record struct KandinskyProgress(int Step, int Total);
