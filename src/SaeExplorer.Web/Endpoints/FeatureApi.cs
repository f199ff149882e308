using Microsoft.AspNetCore.Http.HttpResults;
using SaeExplorer.Data.Corpus;
using SaeExplorer.Data.Features;
using SaeExplorer.Data.Workspaces;

namespace SaeExplorer.Web.Endpoints;

/// <summary>JSON API over the feature index (documented at /openapi/v1.json).</summary>
public static class FeatureApi
{
    public sealed record FeatureListResponse(int Total, int Skip, IReadOnlyList<FeatureListRow> Features);

    public sealed record TopImage(int Rank, string ImageId, string? Caption, float Activation, string ThumbnailUrl, string PageUrl);

    public static IEndpointRouteBuilder MapFeatureApi(this IEndpointRouteBuilder app)
    {
        // ?sae= picks an SAE other than the workspace's first.
        var api = app.MapGroup("/api/workspaces/{workspace}/features").WithTags("Features").ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/", async Task<Results<Ok<FeatureListResponse>, ProblemHttpResult>> (string workspace, string? sae, WorkspaceQueries workspaces,
                FeatureQueries features, CancellationToken ct,
                int skip = 0, int take = 50, FeatureSort sort = FeatureSort.Index, bool desc = false,
                bool? alive = null, double? minLog10Frequency = null, double? maxLog10Frequency = null, string? search = null,
                double? minScore = null) =>
            {
                var context = await workspaces.FindAsync(workspace, sae, ct);
                if (context is not { SaeId: { } saeId }) return ApiProblems.NoFeatures(workspace, sae, context);
                var query = new FeatureListQuery
                {
                    Sort = sort, Descending = desc, Alive = alive, MinLog10Frequency = minLog10Frequency,
                    MaxLog10Frequency = maxLog10Frequency, Search = search, MinScore = minScore,
                };
                var (total, rows) = await features.ListAsync(saeId, query, skip, Math.Clamp(take, 1, 500), ct);
                return TypedResults.Ok(new FeatureListResponse(total, Math.Max(0, skip), rows));
            })
            .WithName("ListFeatures").WithSummary("A page of the feature list, sorted and filtered like the web page.");

        api.MapGet("/{index:int}", async Task<Results<Ok<FeatureDetail>, ProblemHttpResult>> (string workspace, int index, string? sae,
                WorkspaceQueries workspaces, FeatureQueries features, CancellationToken ct) =>
            {
                var context = await workspaces.FindAsync(workspace, sae, ct);
                if (context is not { SaeId: { } saeId }) return ApiProblems.NoFeatures(workspace, sae, context);
                return await features.GetAsync(saeId, index, ct) is { } feature
                    ? TypedResults.Ok(feature)
                    : ApiProblems.NoFeature(workspace, index, context);
            })
            .WithName("GetFeature")
            .WithSummary("One feature: statistics, histogram with its bin edges, top rows, quantile samples, similar features.")
            .WithDescription("histogram[b] counts the corpus images whose activation lies in [histogramEdges[b], histogramEdges[b+1]): " +
                             "log-spaced bins of 0.15 decades from 0.001 to 1000, with an underflow bin from 0 and an overflow bin " +
                             "whose upper edge is null (no upper bound).");

        api.MapGet("/{index:int}/top-images", async Task<Results<Ok<List<TopImage>>, ProblemHttpResult>> (string workspace, int index, string? sae,
                WorkspaceQueries workspaces, FeatureQueries features, ImageQueries images, CancellationToken ct) =>
            {
                var context = await workspaces.FindAsync(workspace, sae, ct);
                if (context is not { SaeId: { } saeId }) return ApiProblems.NoFeatures(workspace, sae, context);
                if (await features.GetAsync(saeId, index, ct) is not { } feature) return ApiProblems.NoFeature(workspace, index, context);
                var found = await images.ByRowsAsync(context.WorkspaceId, feature.TopRows, ct);
                return TypedResults.Ok(feature.TopRows.Select((row, rank) => found.TryGetValue(row, out var image)
                        ? new TopImage(rank + 1, image.Id, image.Caption, feature.TopActivations[rank],
                            Links.Thumbnail(workspace, image.Id), Links.Image(WorkspaceRef.Of(context), image.Id))
                        : null)
                    .OfType<TopImage>().ToList());
            })
            .WithName("GetFeatureTopImages").WithSummary("A feature's top activating images, strongest first.");
        return app;
    }
}
