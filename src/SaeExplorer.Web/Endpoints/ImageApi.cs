using Microsoft.AspNetCore.Http.HttpResults;
using SaeExplorer.Data.Corpus;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Grouping;
using SaeExplorer.Web.Services.Security;
using SaeExplorer.Web.Services.Uploads;

namespace SaeExplorer.Web.Endpoints;

/// <summary>JSON API over a workspace's images: their caption search, and uploads, taken apart as they arrive
/// (documented at /openapi/v1.json).</summary>
public static class ImageApi
{
    public const int PageSize = 48;

    /// <param name="Capped">True when the search matched more captions than it ranks and counts: Total is that cap.</param>
    public sealed record ImageListResponse(int Total, int Page, int PageSize, int Pages, IReadOnlyList<ImageItem> Images, bool Capped);

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
                        Links.Thumbnail(workspace, i.Id), Links.Image(workspace, i.Id))).ToList(), result.Capped));
            })
            .WithTags("Images").WithName("ListImages").ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A page of a workspace's images: caption search (q, best matches first), or every image when q is empty.");

        var images = app.MapGroup("/api/workspaces/{workspace}/images").WithTags("Images");
        images.MapPost("/", async Task<Results<Created<GroupApi.ImageGroupsResponse>, ProblemHttpResult>> (string workspace, string? sae, IFormFile file,
                WorkspaceQueries workspaces, UploadService uploads, ImageInspector inspector, ImageGroupings groupings, CancellationToken ct) =>
            {
                if (await workspaces.FindAsync(workspace, sae, ct) is not { } context) return ApiProblems.NoWorkspace(workspace, sae);
                if (!context.HasSae) return ApiProblems.BadRequest($"Workspace '{workspace}' has no SAE yet, so an image cannot be taken apart.");
                if (file.Length > uploads.MaxBytes)
                    return TypedResults.Problem(detail: $"'{file.FileName}' is {file.Length} bytes, more than the {uploads.MaxBytes}-byte limit (Images:MaxBytes).",
                        statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large");
                await using var stream = file.OpenReadStream();
                var stored = await uploads.AddAsync(context, stream, file.FileName, file.ContentType, ct);
                if (stored.Upload is not { } upload) return ApiProblems.BadRequest(stored.Problem!);
                var key = ImageKey.ForUpload(upload.Hash);
                var response = await GroupApi.GroupsAsync(context, (await inspector.FindAsync(context, key, ct))!, GroupingSettings.Default, null, groupings, ct);
                return TypedResults.Created(response.PageUrl, response);
            })
            .DisableAntiforgery().RequireAntiforgeryWithCookie().RequireRateLimiting(RateLimits.Uploads)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithName("UploadImage")
            .WithSummary("Upload an image (multipart field 'file': JPEG, PNG, WebP or GIF): it is encoded with the workspace's encoder and taken apart.")
            .WithDescription("The same bytes uploaded twice are one image. Returns its id (u/<sha256>), its active features, the whole sweep and the chosen groups.");
        return app;
    }
}
