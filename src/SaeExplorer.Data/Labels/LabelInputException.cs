namespace SaeExplorer.Data.Labels;

/// <summary>A label, comment, vote or list value that is refused; the message says what is wrong (an API 400).</summary>
public sealed class LabelInputException(string message) : ArgumentException(message);

/// <summary>The label, feature, group or list a write names does not exist (an API 404).</summary>
public sealed class LabelTargetNotFoundException(string message) : Exception(message);

/// <summary>The writer may not do this (not a labeller, not the list's owner or editor): an API 401 or 403.</summary>
public sealed class WriteRefusedException(string message, bool signedIn) : Exception(message)
{
    /// <summary>False when nobody is signed in (401: sign in or send a token), true when the user lacks the right (403).</summary>
    public bool SignedIn { get; } = signedIn;
}
