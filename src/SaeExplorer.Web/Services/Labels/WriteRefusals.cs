using SaeExplorer.Data.Labels;
using SaeExplorer.Data.Providers;

namespace SaeExplorer.Web.Services.Labels;

/// <summary>
/// The refusals a page shows in place when a label or list write does not go through: bad input, no right, a target
/// that is gone, or a database disk that is full (nothing saved). Anything else is a bug and is left to the circuit's
/// error handling.
/// </summary>
public static class WriteRefusals
{
    /// <summary>What to tell the writer, or null when <paramref name="e"/> is not a refusal.</summary>
    public static string? Reason(Exception e) => e switch
    {
        LabelInputException or WriteRefusedException or LabelTargetNotFoundException => e.Message,
        _ when DatabaseErrors.IsStorageFull(e) => DatabaseErrors.StorageFullMessage,
        _ => null,
    };
}
