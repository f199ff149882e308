using Microsoft.Net.Http.Headers;
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
            http.Response.Headers.ETag = thumb.ETag;
            http.Response.Headers.CacheControl = "public, max-age=86400";
            if (http.Request.Headers.IfNoneMatch.Contains(thumb.ETag)) return Results.StatusCode(StatusCodes.Status304NotModified);
            return thumb.Jpeg != null
                ? Results.File(thumb.Jpeg, "image/jpeg")
                : Results.Problem(thumb.Problem, statusCode: StatusCodes.Status422UnprocessableEntity);
        }).WithName("Thumbnail").ExcludeFromDescription();
        return app;
    }
}
