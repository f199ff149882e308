namespace SaeExplorer.Web.Services.Images;

/// <summary>A web image could not be fetched; the message is a sentence fit to show a user.</summary>
public sealed class RemoteImageException(string reason, Exception? inner = null) : Exception(reason, inner);
