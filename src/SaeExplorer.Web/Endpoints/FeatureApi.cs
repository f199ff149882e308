using Microsoft.EntityFrameworkCore;
using SaeExplorer.Data;
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
        var api = app.MapGroup("/api/workspaces/{workspace}/features").WithTags("Features");

        api.MapGet("/", async (string workspace, IDbContextFactory<SaexDbContext> dbFactory, CancellationToken ct,
                int skip = 0, int take = 50, FeatureSort sort = FeatureSort.Index, bool desc = false,
                bool? alive = null, double? minLog10Frequency = null, double? maxLog10Frequency = null, string? search = null) =>
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                if (await WorkspaceContext.FindAsync(db, workspace, ct) is not { SaeId: { } saeId }) return Results.NotFound();
                var query = new FeatureListQuery
                {
                    Sort = sort, Descending = desc, Alive = alive, MinLog10Frequency = minLog10Frequency,
                    MaxLog10Frequency = maxLog10Frequency, Search = search,
                };
                var (total, rows) = await FeatureQueries.ListAsync(db, saeId, query, skip, Math.Clamp(take, 1, 500), ct);
                return Results.Ok(new FeatureListResponse(total, Math.Max(0, skip), rows));
            })
            .WithName("ListFeatures").WithSummary("A page of the feature list, sorted and filtered like the web page.");

        api.MapGet("/{index:int}", async (string workspace, int index, IDbContextFactory<SaexDbContext> dbFactory, CancellationToken ct) =>
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                if (await WorkspaceContext.FindAsync(db, workspace, ct) is not { SaeId: { } saeId }) return Results.NotFound();
                return await FeatureQueries.GetAsync(db, saeId, index, ct) is { } feature ? Results.Ok(feature) : Results.NotFound();
            })
            .WithName("GetFeature").WithSummary("One feature: statistics, histogram, top rows, quantile samples, similar features.");

        api.MapGet("/{index:int}/top-images", async (string workspace, int index, IDbContextFactory<SaexDbContext> dbFactory, CancellationToken ct) =>
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                if (await WorkspaceContext.FindAsync(db, workspace, ct) is not { SaeId: { } saeId } context) return Results.NotFound();
                if (await FeatureQueries.GetAsync(db, saeId, index, ct) is not { } feature) return Results.NotFound();
                var images = await FeatureQueries.ImagesAsync(db, context.WorkspaceId, feature.TopRows, ct);
                var ws = Uri.EscapeDataString(workspace);
                return Results.Ok(feature.TopRows.Select((row, rank) => images.TryGetValue(row, out var image)
                        ? new TopImage(rank + 1, image.Id, image.Caption, feature.TopActivations[rank],
                            $"/thumbs/{ws}/{Uri.EscapeDataString(image.Id)}", $"/images/{ws}/{Uri.EscapeDataString(image.Id)}")
                        : null)
                    .OfType<TopImage>().ToList());
            })
            .WithName("GetFeatureTopImages").WithSummary("A feature's top activating images, strongest first.");
        return app;
    }
}
