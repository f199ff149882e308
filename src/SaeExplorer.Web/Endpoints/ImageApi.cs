using Microsoft.AspNetCore.Http.HttpResults;
using SaeExplorer.Data.Corpus;
using SaeExplorer.Data.Workspaces;

namespace SaeExplorer.Web.Endpoints;

/// <summary>JSON API over a workspace's images and their caption search (documented at /openapi/v1.json).</summary>
public static class ImageApi
{
    public const int PageSize = 48;

    public sealed record ImageListResponse(int Total, int Page, int PageSize, int Pages, IReadOnlyList<ImageItem> Images);

    /// <param name="Url">The image's web address, when it has a safe (http/https) one.</param>
    /// <param name="Row">Its row in the workspace's embeddings; null when it was not encoded.</param>
    public sealed record ImageItem(string Id, string? Description, string? Category, string? Url, int? Row, string ThumbnailUrl, string PageUrl);

    public static IEndpointRouteBuilder MapImageApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/workspaces/{workspace}/images", async Task<Results<Ok<ImageListResponse>, ProblemHttpResult>> (string workspace,
                WorkspaceQueries workspaces, ImageQueries images, CancellationToken ct, string? q = null, int page = 1) =>
            {
                if (await workspaces.FindAsync(workspace, ct) is not { } context) return ApiProblems.NoWorkspace(workspace);
                var result = await images.SearchAsync(context.WorkspaceId, q, page, PageSize, ct);
                return TypedResults.Ok(new ImageListResponse(result.Total, result.Page, result.PageSize, result.Pages,
                    result.Images.Select(i => new ImageItem(i.Id, i.Description, i.Category, i.WebUrl, i.Row,
                        Links.Thumbnail(workspace, i.Id), Links.Image(workspace, i.Id))).ToList()));
            })
            .WithTags("Images").WithName("ListImages").ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A page of a workspace's images: caption search (q, best matches first), or every image when q is empty.");
        return app;
    }
}
