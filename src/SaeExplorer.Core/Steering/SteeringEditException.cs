namespace SaeExplorer.Core.Steering;

/// <summary>An edit list or recipe that cannot be read or applied: malformed JSON, an unknown op, a missing or bad
/// field, a feature the SAE does not have. The message names the edit's position, e.g. "edits[2] (scale): ...".</summary>
public sealed class SteeringEditException(string message, Exception? inner = null) : FormatException(message, inner);
