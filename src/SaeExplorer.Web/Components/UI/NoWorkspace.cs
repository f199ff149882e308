namespace SaeExplorer.Web.Components.UI;

/// <summary>What a page says when its address names no workspace, or no SAE of it (?sae=).</summary>
public static class NoWorkspace
{
    public static string Message(string workspace, string? sae) => string.IsNullOrEmpty(sae)
        ? $"There is no workspace named '{workspace}'."
        : $"There is no workspace named '{workspace}' with an SAE named '{sae}'.";
}
