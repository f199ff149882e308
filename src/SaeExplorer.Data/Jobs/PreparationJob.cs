namespace SaeExplorer.Data.Jobs;

/// <summary>
/// One run of one preparation stage of a workspace ("import", "nearest-images") or of one of its SAEs ("train" or "load",
/// "index", "label", "icons"): progress while it runs, then how it ended. A re-run is a new row with the next
/// <see cref="Attempt"/>.
/// </summary>
public class PreparationJob
{
    public long Id { get; set; }
    public int WorkspaceId { get; set; }
    /// <summary>The SAE a per-SAE stage ran for; null for a workspace stage.</summary>
    public int? SaeId { get; set; }
    /// <summary>The stage's stable key.</summary>
    public required string Stage { get; set; }
    /// <summary>What the home page says, e.g. "train SAE".</summary>
    public required string Title { get; set; }
    /// <summary>1 for the first run of this stage on this workspace (or SAE), then 2, 3, ...</summary>
    public int Attempt { get; set; }
    public JobState State { get; set; }
    public int Done { get; set; }
    public int Total { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? Error { get; set; }
}

public enum JobState
{
    Running = 0,
    Succeeded = 1,
    Failed = 2,
    /// <summary>The app stopped mid-stage; the stage runs again from its start.</summary>
    Interrupted = 3,
    /// <summary>Succeeded once, but an earlier stage ran again since, so its results are gone.</summary>
    Superseded = 4,
}
