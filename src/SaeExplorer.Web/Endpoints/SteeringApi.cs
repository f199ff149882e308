using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SaeExplorer.Core.Rendering;
using SaeExplorer.Core.Steering;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Grouping;
using SaeExplorer.Web.Services.Rendering;
using SaeExplorer.Web.Services.Steering;

namespace SaeExplorer.Web.Endpoints;

/// <summary>JSON API over steering: an image's recipe (what "Export recipe" downloads) and shared steering states.</summary>
public static class SteeringApi
{
    /// <param name="Stale">Why the state cannot be applied as it was (its SAE was replaced), or null.</param>
    public sealed record SteeringPermalinkResponse(string Slug, string Workspace, string Source, int KMax, int Restarts, string Tau, int? K,
        EditList Edits, bool KeepError, int SaeId, string? Stale, string ImageUrl, string SteeringUrl);

    public static IEndpointRouteBuilder MapSteeringApi(this IEndpointRouteBuilder app)
    {
        var images = app.MapGroup("/api/workspaces/{workspace}/images").WithTags("Steering");
        images.MapGet("/{imageId}/recipe", (string workspace, string imageId, string? edits, string? error, string? sae, HttpContext http,
                [AsParameters] RecipeServices services, CancellationToken ct) =>
                RecipeAsync(workspace, sae, ImageKey.FromRoute(imageId), edits, error, http, services, ct))
            .Produces<SteeringRecipe>(StatusCodes.Status200OK, "application/json").ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetImageRecipe")
            .WithSummary("The steering recipe of a corpus image under the edits given (?edits= as on its page, ?error=pure): edits, renderer, parameters and seed, as a JSON download that saex steer replays.");
        images.MapGet("/u/{hash}/recipe", (string workspace, string hash, string? edits, string? error, string? sae, HttpContext http,
                [AsParameters] RecipeServices services, CancellationToken ct) =>
                RecipeAsync(workspace, sae, ImageKey.ForUpload(hash), edits, error, http, services, ct))
            .Produces<SteeringRecipe>(StatusCodes.Status200OK, "application/json").ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetUploadRecipe")
            .WithSummary("The steering recipe of an upload, as for a corpus image.");

        app.MapGet("/api/steering/{slug}", async Task<Results<Ok<SteeringPermalinkResponse>, ProblemHttpResult>> (string slug, SteeringPermalinks views,
                CancellationToken ct) =>
            {
                if (await views.FindAsync(slug, ct) is not { } v) return ApiProblems.NotFound($"There is no shared steering state '{slug}'.");
                var s = v.Steering;
                return TypedResults.Ok(new SteeringPermalinkResponse(s.Slug, v.Workspace.Name, s.Source, s.KMax, s.Restarts, s.Tau, s.K,
                    v.Stale is null ? v.Edits : EditList.Empty, s.KeepError, s.SaeId, v.Stale, v.ImageLink, Links.Steering(s.Slug)));
            })
            .WithTags("Steering").ProducesProblem(StatusCodes.Status404NotFound).WithName("GetSteeringPermalink")
            .WithSummary("A shared steering state by its permalink slug: the image, its grouping, the edits and the error switch.");
        return app;
    }

    /// <summary>What a recipe is made with, resolved from the app's services.</summary>
    public sealed record RecipeServices(WorkspaceQueries Workspaces, ImageInspector Inspector, ImageSteering Steering, IRendererSource Renderers,
        RenderOptions Options);

    private static async Task<IResult> RecipeAsync(string workspace, string? sae, string key, string? editsText, string? error, HttpContext http,
        RecipeServices services, CancellationToken ct)
    {
        var (workspaces, inspector, steering, renderers, options) = services;
        if (await workspaces.FindAsync(workspace, sae, ct) is not { } context) return ApiProblems.NoWorkspace(workspace, sae);
        if (await inspector.FindAsync(context, key, ct) is not { } image) return ApiProblems.NotFound($"Workspace '{workspace}' has no image '{key}'.");
        if (!context.HasSae) return ApiProblems.BadRequest($"Workspace '{workspace}' has no SAE yet.");
        if (image.Embedding is null) return ApiProblems.BadRequest(image.Problem!);
        var (knobs, keepError, problems) = SteeringQuery.Parse(editsText, error);
        if (problems.Count > 0) return ApiProblems.BadRequest(string.Join(" ", problems));
        SteeredImage steered;
        try
        {
            steered = steering.Steer(context, image, inspector.Encode(context, image.Embedding), knobs.Edits, keepError);
        }
        catch (SteeringEditException e)
        {
            return ApiProblems.BadRequest(e.Message);
        }
        // The renderer the page would use for this workspace, with the parameters it would fill in.
        var renderer = (await renderers.ForAsync(context, ct)).Renderer;
        var request = new RenderRequest { Embedding = steered.Result.Embedding, Space = context.Space ?? Core.Encoders.EmbeddingSpace.Unknown(image.Embedding.Length), Parameters = options.Fill(new RenderParameters()) };
        var source = new RecipeSource(context.Name)
        {
            ImageId = image.IsUpload ? null : image.Key,
            Row = image.Image.Row,
            UploadHash = ImageKey.UploadHash(image.Key) is { } hash ? $"sha256:{hash}" : null,
        };
        var recipe = new SteeringRecipe(knobs.Edits.Edits, renderer.Name, source) { Parameters = renderer.Resolve(request), KeepError = keepError };
        var file = $"steering-{workspace}-{key.Replace('/', '-')}.json";
        http.Response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = file }.ToString();
        return TypedResults.Text(SteeringJson.Write(recipe), "application/json");
    }
}
