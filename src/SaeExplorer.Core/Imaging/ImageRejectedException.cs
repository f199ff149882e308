namespace SaeExplorer.Core.Imaging;

/// <summary>An image was refused; <see cref="Reason"/> is a sentence fit to show a user.</summary>
public sealed class ImageRejectedException : Exception
{
    public ImageRejectedException(string reason, string? source = null, Exception? inner = null)
        : base(source is null ? reason : $"{source}: {reason}", inner)
    {
        Reason = reason;
        Origin = source;
    }

    /// <summary>Why the image was refused, without the file name.</summary>
    public string Reason { get; }

    /// <summary>The file path or stream description, when known.</summary>
    public string? Origin { get; }
}
