using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SaeExplorer.Core.Grouping;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Grouping;

namespace SaeExplorer.Web.Endpoints;

/// <summary>JSON API over an image's iterated grouping and group permalinks (documented at /openapi/v1.json).</summary>
public static class GroupApi
{
    public sealed record FeatureActivation(int Feature, float Activation);

    public sealed record GroupJson(int[] Features, float[] Activations, double Mass, double Share);

    /// <param name="MinMass">The smallest group's mass at this k.</param>
    /// <param name="Passes">Every group reaches tau's threshold.</param>
    public sealed record SweepStepJson(int K, double MinMass, bool Passes, double Objective, IReadOnlyList<GroupJson> Groups);

    /// <param name="Id">The image's key: a corpus id, or "u/" + the upload's SHA-256.</param>
    /// <param name="Threshold">Tau as an absolute mass for this image.</param>
    /// <param name="Groups">The groups at the chosen k (or at k when asked).</param>
    public sealed record ImageGroupsResponse(string Id, string PageUrl, double TotalMass, string Tau, double Threshold, int ChosenK, int K,
        string? Note, IReadOnlyList<FeatureActivation> Features, IReadOnlyList<SweepStepJson> Sweep, IReadOnlyList<GroupJson> Groups);

    /// <param name="Sae">The name of the SAE the group was shared from (null when that SAE is gone).</param>
    /// <param name="Stale">Why the group's features are not shown (its SAE was replaced), or null.</param>
    public sealed record GroupPermalinkResponse(string Slug, string Workspace, string Source, int K, string Tau, int KMax, int Restarts, int GroupIndex,
        IReadOnlyList<FeatureActivation> Features, double Mass, double Share, int SaeId, string? Sae, string? Stale, string ImageUrl, string GroupUrl);

    public static IEndpointRouteBuilder MapGroupApi(this IEndpointRouteBuilder app)
    {
        var images = app.MapGroup("/api/workspaces/{workspace}/images").WithTags("Images");

        images.MapGet("/{imageId}/groups", (string workspace, string imageId, string? sae, [AsParameters] GroupingQuery query, WorkspaceQueries workspaces,
                ImageInspector inspector, ImageGroupings groupings, CancellationToken ct) =>
                GroupsOfAsync(workspace, sae, ImageKey.FromRoute(imageId), query, workspaces, inspector, groupings, ct))
            .ProducesProblem(StatusCodes.Status404NotFound).WithName("GetImageGroups")
            .WithSummary("A corpus image's iterated grouping: the whole sweep over k, the chosen k under tau and its groups.");

        images.MapGet("/u/{hash}/groups", (string workspace, string hash, string? sae, [AsParameters] GroupingQuery query, WorkspaceQueries workspaces,
                ImageInspector inspector, ImageGroupings groupings, CancellationToken ct) =>
                GroupsOfAsync(workspace, sae, ImageKey.ForUpload(hash), query, workspaces, inspector, groupings, ct))
            .ProducesProblem(StatusCodes.Status404NotFound).WithName("GetUploadGroups")
            .WithSummary("An upload's iterated grouping, as for a corpus image.");

        app.MapGet("/api/groups/{slug}", async Task<Results<Ok<GroupPermalinkResponse>, ProblemHttpResult>> (string slug, GroupPermalinks views,
                CancellationToken ct) =>
            {
                if (await views.FindAsync(slug, ct) is not { } v) return ApiProblems.NotFound($"There is no shared group '{slug}'.");
                var g = v.Group;
                var features = v.Stale is null ? v.Cluster.Features.Zip(v.Cluster.Activations, (f, a) => new FeatureActivation(f, a)).ToList() : [];
                return TypedResults.Ok(new GroupPermalinkResponse(g.Slug, v.Workspace.Name, g.Source, g.K, g.Tau, g.KMax, g.Restarts, g.GroupIndex,
                    features, g.Mass, g.Share, g.SaeId, v.Workspace.SaeId == g.SaeId ? v.Workspace.SaeName : null, v.Stale, v.SourceLink, Links.Group(g.Slug)));
            })
            .WithTags("Groups").ProducesProblem(StatusCodes.Status404NotFound).WithName("GetGroupPermalink")
            .WithSummary("A shared group by its permalink slug: its features with activations, mass, source image and settings.");
        return app;
    }

    /// <summary>The query of a grouping request; out-of-range or unreadable values are refused with a 400 naming them.</summary>
    public sealed record GroupingQuery(string? Kmax, string? Tau, string? Restarts, string? K);

    private static async Task<Results<Ok<ImageGroupsResponse>, ProblemHttpResult>> GroupsOfAsync(string workspace, string? sae, string key, GroupingQuery query,
        WorkspaceQueries workspaces, ImageInspector inspector, ImageGroupings groupings, CancellationToken ct)
    {
        if (await workspaces.FindAsync(workspace, sae, ct) is not { } context) return ApiProblems.NoWorkspace(workspace, sae);
        if (await inspector.FindAsync(context, key, ct) is not { } image) return ApiProblems.NotFound($"Workspace '{workspace}' has no image '{key}'.");
        if (!context.HasSae) return ApiProblems.BadRequest($"Workspace '{workspace}' has no SAE yet.");
        if (image.Embedding is null) return ApiProblems.BadRequest(image.Problem!);
        var (settings, k, problems) = GroupingSettings.FromQuery(query.Kmax, query.Restarts, query.Tau, query.K);
        if (problems.Count > 0) return ApiProblems.BadRequest(string.Join(" ", problems));
        return TypedResults.Ok(await GroupsAsync(context, image, settings, k, groupings, ct));
    }

    /// <summary>The image's grouping as the API answers it (also the answer to an upload).</summary>
    internal static async Task<ImageGroupsResponse> GroupsAsync(WorkspaceContext context, InspectedImage image, GroupingSettings settings, int? k,
        ImageGroupings groupings, CancellationToken ct)
    {
        var g = (await groupings.BuildAsync(context, image, settings, k, [], ct))!;
        static GroupJson Json(GroupCluster c) => new(c.Features, c.Activations, c.Mass, c.Share);
        return new ImageGroupsResponse(image.Key, Links.Image(WorkspaceRef.Of(context), image.Key, settings, g.K), g.TotalMass, g.Sweep.Tau.ToString(),
            g.Sweep.Threshold, g.Sweep.ChosenK, g.K, g.Sweep.Note,
            g.Code.Indices.Zip(g.Code.Values, (f, a) => new FeatureActivation(f, a)).ToList(),
            g.Sweep.Steps.Select(s => new SweepStepJson(s.K, s.MinMass, s.Passes, s.Objective, s.Clusters.Select(Json).ToList())).ToList(),
            g.Step?.Clusters.Select(Json).ToList() ?? []);
    }
}
