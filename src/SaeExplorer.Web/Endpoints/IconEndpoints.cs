using SaeExplorer.Data.Corpus;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Icons;
using SaeExplorer.Web.Services.Images;

namespace SaeExplorer.Web.Endpoints;

/// <summary>
/// A feature's icon (<see cref="Links.FeatureIcon"/>): the PNG the icons stage drew (Kandinsky), or the thumbnail of
/// the corpus image nearest to the feature's direction on the mean embedding (retrieval); 404 problem details while
/// it has none.
/// </summary>
public static class IconEndpoints
{
    public static IEndpointRouteBuilder MapIconEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/workspaces/{workspace}/features/{index:int}/icon", async (string workspace, int index, int? size, string? sae, HttpContext http,
                WorkspaceQueries workspaces, FeatureIcons icons, ImageQueries images, ThumbnailService thumbnails, CancellationToken ct) =>
            {
                var context = await workspaces.FindAsync(workspace, sae, ct);
                if (context is null || !context.HasSae) return ApiProblems.NoFeatures(workspace, sae, context);
                if (index < 0 || index >= context.DSae) return ApiProblems.NoFeature(workspace, index, context);
                var lookup = icons.For(context);
                if (lookup.Of(index) is not { } icon)
                    return ApiProblems.NotFound($"Feature #{index} of workspace '{workspace}' has no icon yet: the icons stage has not drawn it.");
                if (icon.Row is not { } row)
                {
                    var png = FeatureIcons.Folder(context).PngPath(index);
                    return File.Exists(png)
                        ? Results.File(png, "image/png", lastModified: File.GetLastWriteTimeUtc(png))
                        : ApiProblems.NotFound($"Feature #{index}'s icon file is missing; the icons stage draws it again on its next run.");
                }
                var nearest = await images.ByRowsAsync(context.WorkspaceId, [row], ct);
                if (!nearest.TryGetValue(row, out var image))
                    return ApiProblems.NotFound($"Feature #{index}'s icon is corpus row {row}, which has no image in workspace '{workspace}'.");
                return ImageEndpoints.Answer(http, await thumbnails.GetAsync(workspace, image.Id, size ?? 160, ct));
            })
            .WithTags("Features").WithName("FeatureIcon")
            .Produces<Stream>(StatusCodes.Status200OK, "image/png", "image/jpeg") // described as binary
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A feature's icon: a drawn PNG, or the thumbnail of the corpus image nearest to its direction on the mean embedding.");
        return app;
    }
}
