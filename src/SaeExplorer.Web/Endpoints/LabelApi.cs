using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SaeExplorer.Data.Groups;
using SaeExplorer.Data.Labels;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Accounts;
using SaeExplorer.Web.Services.Labels;

namespace SaeExplorer.Web.Endpoints;

/// <summary>
/// JSON API over labels (documented at /openapi/v1.json): read by anyone; writes need a labeller, by API token
/// (<c>Authorization: Bearer saex_...</c>) or sign-in cookie.
/// </summary>
public static class LabelApi
{
    /// <param name="Source">"human" (the default) or "autointerp:&lt;method&gt;".</param>
    /// <param name="Score">A detection score, when one was measured.</param>
    public sealed record NewLabel(string? Text, string? Source = null, double? Score = null);

    /// <param name="Version">The version the edit starts from (a label's <c>version</c> as last read).</param>
    public sealed record LabelEdit(string? Text, int Version);

    public enum VoteDirection { Up, Down, None }

    public sealed record VoteBody(VoteDirection Vote);

    public sealed record NewComment(string? Text);

    public static IEndpointRouteBuilder MapLabelApi(this IEndpointRouteBuilder app)
    {
        var feature = app.MapGroup("/api/workspaces/{workspace}/features/{index:int}/labels").WithTags("Labels");
        feature.MapGet("/", async (string workspace, int index, string? sae, ClaimsPrincipal user, WorkspaceQueries workspaces, LabelStore labels,
                CancellationToken ct) =>
            {
                var (target, problem) = await FeatureTargetAsync(workspace, sae, index, workspaces, ct);
                return problem ?? TypedResults.Ok(await labels.ForTargetAsync(target!, user.UserId(), ct));
            })
            .Produces<IReadOnlyList<LabelView>>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetFeatureLabels").WithSummary("A feature's labels, top label first, each with its votes and comments.");
        feature.MapPost("/", (string workspace, int index, string? sae, NewLabel body, ClaimsPrincipal user, WorkspaceQueries workspaces, LabelWrites writes,
                LabelStore labels, HttpContext http, CancellationToken ct) => WriteProblems.RunAsync(http, async () =>
            {
                var (target, problem) = await FeatureTargetAsync(workspace, sae, index, workspaces, ct);
                return problem ?? await CreatedAsync(await writes.AddLabelAsync(user, target!, body.Text ?? "", body.Source, body.Score, ct), user, labels, ct);
            }))
            .Produces<LabelView>(StatusCodes.Status201Created).WithWriteProblems()
            .WithName("AddFeatureLabel").WithSummary("Label a feature (1 to 200 characters). The top label shows wherever the feature appears.");

        var group = app.MapGroup("/api/groups/{slug}/labels").WithTags("Labels");
        group.MapGet("/", async Task<Results<Ok<IReadOnlyList<LabelView>>, ProblemHttpResult>> (string slug, ClaimsPrincipal user,
                GroupPermalinkStore groups, LabelStore labels, CancellationToken ct) =>
                await groups.FindAsync(slug, ct) is null
                    ? ApiProblems.NotFound($"There is no shared group '{slug}'.")
                    : TypedResults.Ok(await labels.ForTargetAsync(new LabelTarget.OfGroup(slug), user.UserId(), ct)))
            .ProducesProblem(StatusCodes.Status404NotFound).WithName("GetGroupLabels").WithSummary("A shared group's labels, top label first.");
        group.MapPost("/", (string slug, NewLabel body, ClaimsPrincipal user, LabelWrites writes, LabelStore labels, HttpContext http, CancellationToken ct) =>
                WriteProblems.RunAsync(http, async () =>
                    await CreatedAsync(await writes.AddLabelAsync(user, new LabelTarget.OfGroup(slug), body.Text ?? "", body.Source, body.Score, ct), user, labels, ct)))
            .Produces<LabelView>(StatusCodes.Status201Created).WithWriteProblems()
            .WithName("AddGroupLabel").WithSummary("Label a shared group (by its permalink slug).");

        var label = app.MapGroup("/api/labels/{id:int}").WithTags("Labels");
        label.MapGet("/", async (int id, ClaimsPrincipal user, LabelStore labels, CancellationToken ct) =>
                await labels.FindAsync(id, user.UserId(), ct) is { } view ? Results.Ok(view) : ApiProblems.NotFound($"There is no label #{id}."))
            .Produces<LabelView>().ProducesProblem(StatusCodes.Status404NotFound).WithName("GetLabel").WithSummary("One label.");
        label.MapGet("/history", async (int id, LabelStore labels, CancellationToken ct) =>
                await labels.HistoryAsync(id, ct) is { } history ? Results.Ok(history) : ApiProblems.NotFound($"There is no label #{id}."))
            .Produces<IReadOnlyList<RevisionView>>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetLabelHistory").WithSummary("Every text the label had, oldest first (revisions are never changed).");
        label.MapPut("/", (int id, LabelEdit body, ClaimsPrincipal user, LabelWrites writes, HttpContext http, CancellationToken ct) =>
                WriteProblems.RunAsync(http, async () =>
                {
                    var result = await writes.EditLabelAsync(user, id, body.Version, body.Text ?? "", ct);
                    return result.Conflict is { } conflict
                        ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Edited meanwhile",
                            detail: $"Label #{id} is at version {conflict.CurrentVersion}, not {conflict.YourVersion}: someone else edited it. " +
                                    "Both versions are in 'current' and 'yours'; edit again from the current version.",
                            extensions: new Dictionary<string, object?> { ["current"] = result.Label, ["yours"] = new { text = conflict.YourText, version = conflict.YourVersion } })
                        : TypedResults.Ok(result.Label);
                }))
            .Produces<LabelView>().ProducesProblem(StatusCodes.Status409Conflict).WithWriteProblems()
            .WithName("EditLabel").WithSummary("Edit a label's text from the version you read; a stale version is refused with 409 and both versions.");
        label.MapPost("/votes", (int id, VoteBody body, ClaimsPrincipal user, LabelWrites writes, HttpContext http, CancellationToken ct) =>
                WriteProblems.RunAsync(http, async () =>
                    TypedResults.Ok(await writes.VoteAsync(user, id, body.Vote switch { VoteDirection.Up => 1, VoteDirection.Down => -1, _ => 0 }, ct))))
            .Produces<LabelView>().WithWriteProblems()
            .WithName("VoteOnLabel").WithSummary("Vote a label up or down (or none to withdraw); one vote per user, a repeat replaces it.");
        label.MapPost("/comments", (int id, NewComment body, ClaimsPrincipal user, LabelWrites writes, LabelStore labels, HttpContext http,
                CancellationToken ct) => WriteProblems.RunAsync(http, async () =>
            {
                await writes.CommentAsync(user, id, body.Text ?? "", ct);
                return TypedResults.Created(Links.Api.Label(id), await labels.FindAsync(id, user.UserId(), ct));
            }))
            .Produces<LabelView>(StatusCodes.Status201Created).WithWriteProblems()
            .WithName("CommentOnLabel").WithSummary("Add a comment (1 to 2000 characters) to a label's thread.");

        app.MapGet("/api/search", async (string? q, LabelSearchQueries search, CancellationToken ct, int take = 50) =>
                TypedResults.Ok(await search.SearchAsync(q, Math.Clamp(take, 1, LabelSearchQueries.MaxResults), ct)))
            .WithTags("Labels").WithName("SearchLabels")
            .WithSummary("Full-text search over every label and comment, best first (bm25); any text is taken as words, never as query syntax.");
        return app;
    }

    private static async Task<(LabelTarget? Target, IResult? Problem)> FeatureTargetAsync(string workspace, string? sae, int index, WorkspaceQueries workspaces,
        CancellationToken ct)
    {
        var context = await workspaces.FindAsync(workspace, sae, ct);
        if (context is not { SaeId: { } saeId }) return (null, ApiProblems.NoFeatures(workspace, sae, context));
        if (index < 0 || index >= context.DSae) return (null, ApiProblems.NoFeature(workspace, index, context));
        return (new LabelTarget.OfFeature(saeId, index), null);
    }

    private static async Task<IResult> CreatedAsync(int id, ClaimsPrincipal user, LabelStore labels, CancellationToken ct) =>
        TypedResults.Created(Links.Api.Label(id), await labels.FindAsync(id, user.UserId(), ct));
}
