using Microsoft.EntityFrameworkCore;
using SaeExplorer.Data;
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
        app.MapGet("/api/workspaces/{workspace}/images", async (string workspace, IDbContextFactory<SaexDbContext> dbFactory,
                CancellationToken ct, string? q = null, int page = 1) =>
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                if (await WorkspaceContext.FindAsync(db, workspace, ct) is not { } context) return Results.NotFound();
                var result = await ImageSearch.SearchAsync(db, context.WorkspaceId, q, page, PageSize, ct);
                var ws = Uri.EscapeDataString(workspace);
                return Results.Ok(new ImageListResponse(result.Total, result.Page, result.PageSize, result.Pages,
                    result.Images.Select(i => new ImageItem(i.Id, i.Description, i.Category, i.WebUrl, i.Row,
                        $"/thumbs/{ws}/{Uri.EscapeDataString(i.Id)}", $"/images/{ws}/{Uri.EscapeDataString(i.Id)}")).ToList()));
            })
            .WithTags("Images").WithName("ListImages")
            .WithSummary("A page of a workspace's images: caption search (q, best matches first), or every image when q is empty.");
        return app;
    }
}
