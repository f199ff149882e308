using SaeExplorer.Web.Services.Images;

namespace SaeExplorer.Web.Endpoints;

/// <summary>
/// Thumbnails of a workspace's images by id, never by path: `/thumbs/{workspace}/{id}?size=160` for a corpus image,
/// `/thumbs/{workspace}/u/{hash}` for an upload; cached by ETag.
/// </summary>
public static class ImageEndpoints
{
    public static IEndpointRouteBuilder MapImageEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/thumbs/{workspace}/u/{hash}", async (string workspace, string hash, int? size, HttpContext http,
                ThumbnailService thumbnails, CancellationToken ct) =>
            Answer(http, ImageKey.IsHash(hash)
                ? await thumbnails.GetUploadAsync(workspace, hash, size ?? 160, ct)
                : await thumbnails.GetAsync(workspace, ImageKey.UploadPrefix + hash, size ?? 160, ct))) // a corpus id that starts "u/"
            .WithName("UploadThumbnail").ExcludeFromDescription();
        app.MapGet("/thumbs/{workspace}/{**imageId}", async (string workspace, string imageId, int? size,
                HttpContext http, ThumbnailService thumbnails, CancellationToken ct) =>
            Answer(http, await thumbnails.GetAsync(workspace, ImageKey.FromRoute(imageId), size ?? 160, ct)))
            .WithName("Thumbnail").ExcludeFromDescription();
        return app;
    }

    internal static IResult Answer(HttpContext http, Thumbnail? thumb)
    {
        if (thumb == null) return Results.NotFound();
        // A web image that cannot be fetched is gone (404: the page falls back to the browser);
        // a corpus file that cannot be decoded is unprocessable (422). Both say why.
        if (thumb.Jpeg == null)
            return Results.Problem(thumb.Problem, statusCode: thumb.Gone ? StatusCodes.Status404NotFound : StatusCodes.Status422UnprocessableEntity);
        http.Response.Headers.ETag = thumb.ETag;
        http.Response.Headers.CacheControl = "public, max-age=86400";
        if (http.Request.Headers.IfNoneMatch.Contains(thumb.ETag)) return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.File(thumb.Jpeg, "image/jpeg");
    }
}
