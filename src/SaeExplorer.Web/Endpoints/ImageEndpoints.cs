using SaeExplorer.Web.Services.Images;

namespace SaeExplorer.Web.Endpoints;

/// <summary>Corpus images by workspace and id: `/thumbs/{workspace}/{id}?size=160`, cached by ETag.</summary>
public static class ImageEndpoints
{
    public static IEndpointRouteBuilder MapImageEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/thumbs/{workspace}/{**imageId}", async (string workspace, string imageId, int? size,
            HttpContext http, ThumbnailService thumbnails, CancellationToken ct) =>
        {
            var thumb = await thumbnails.GetAsync(workspace, imageId, size ?? 160, ct);
            if (thumb == null) return Results.NotFound();
            // A web image that cannot be fetched is gone (404: the page falls back to the browser);
            // a corpus file that cannot be decoded is unprocessable (422). Both say why.
            if (thumb.Jpeg == null)
                return Results.Problem(thumb.Problem, statusCode: thumb.Gone ? StatusCodes.Status404NotFound : StatusCodes.Status422UnprocessableEntity);
            http.Response.Headers.ETag = thumb.ETag;
            http.Response.Headers.CacheControl = "public, max-age=86400";
            if (http.Request.Headers.IfNoneMatch.Contains(thumb.ETag)) return Results.StatusCode(StatusCodes.Status304NotModified);
            return Results.File(thumb.Jpeg, "image/jpeg");
        }).WithName("Thumbnail").ExcludeFromDescription();
        return app;
    }
}
