using SaeExplorer.Core.Rendering;

namespace SaeExplorer.Web.Services.Rendering;

public enum RenderStatus
{
    /// <summary>Rendered now.</summary>
    Rendered,

    /// <summary>Taken from the cache, without queueing.</summary>
    Cached,

    /// <summary>A newer request for the same slot replaced it.</summary>
    Superseded,

    /// <summary>Cancelled: the session was disposed (circuit gone), the slot cancelled, or the caller's token fired.</summary>
    Cancelled,

    /// <summary>The renderer could not render it; <see cref="RenderOutcome.Reason"/> says why.</summary>
    Failed,

    /// <summary>Not queued: rate limited, queue full or too many queued; <see cref="RenderOutcome.Reason"/> says which.</summary>
    Refused,
}

/// <summary>
/// How a <see cref="RenderSession.RenderAsync"/> ended; it never throws into the page. <see cref="Result"/> is set
/// for <see cref="RenderStatus.Rendered"/> and <see cref="RenderStatus.Cached"/>; <see cref="Note"/> when the
/// configured renderer could not be used and retrieval answered instead ("generator not configured: ...").
/// </summary>
public sealed record RenderOutcome(RenderStatus Status, RenderResult? Result = null, string? Reason = null)
{
    public string? Note { get; init; }

    public bool HasResult => Result is not null;
}
