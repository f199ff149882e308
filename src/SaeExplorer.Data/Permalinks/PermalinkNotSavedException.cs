namespace SaeExplorer.Data.Permalinks;

/// <summary>A permalink (a shared group or steering state) could not be saved: the page says so and the user tries again.</summary>
public sealed class PermalinkNotSavedException(string message) : Exception(message);
