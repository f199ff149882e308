namespace SaeExplorer.Data.Jobs;

/// <summary>
/// Which app instance prepares a workspace now: several instances share one database behind one address, and only
/// the holder runs the workspace's stages. The holder renews <see cref="ExpiresAt"/> while a stage runs; once it has
/// passed (the holder died), another instance takes the lease over.
/// </summary>
public class PreparationLease
{
    public int WorkspaceId { get; set; }
    /// <summary>The holder's instance id (host, process and a random part).</summary>
    public required string Owner { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
