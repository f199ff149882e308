using SaeExplorer.Data.Corpus;

namespace SaeExplorer.Web.Services.Grouping;

/// <summary>
/// An image a page takes apart: a corpus image or an upload (its <see cref="Image"/> then has the upload's key as id,
/// so tiles, thumbnails and links treat both alike), its embedding when it has one, else why not.
/// </summary>
public sealed record InspectedImage(ImageRef Image, float[]? Embedding, string? Problem, DateTimeOffset? UploadedAt = null)
{
    public string Key => Image.Id;
    public bool IsUpload => UploadedAt is not null;
}
