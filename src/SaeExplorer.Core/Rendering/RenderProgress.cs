namespace SaeExplorer.Core.Rendering;

public enum RenderStage
{
    /// <summary>Waiting in its device's queue.</summary>
    Queued,

    /// <summary>Its renderer has started.</summary>
    Started,

    /// <summary>Step <see cref="RenderProgress.Step"/> of <see cref="RenderProgress.Total"/> is done (Kandinsky's UNet evaluations).</summary>
    Step,

    /// <summary>The result is ready.</summary>
    Done,
}

/// <summary>Where a render is; <see cref="Step"/> and <see cref="Total"/> are set for <see cref="RenderStage.Step"/>.</summary>
public readonly record struct RenderProgress(RenderStage Stage, int Step = 0, int Total = 0);
