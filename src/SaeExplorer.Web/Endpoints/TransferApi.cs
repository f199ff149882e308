using System.Security.Claims;
using SaeExplorer.Data.Transfer;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Accounts;
using SaeExplorer.Web.Services.Labels;
using SaeExplorer.Web.Services.Live;

namespace SaeExplorer.Web.Endpoints;

/// <summary>
/// Labels and lists as JSON or CSV files, both ways, and feature labels as Neuronpedia explanations. Exports are open
/// like every read; imports need a labeller (token or sign-in) and take the file as the request body, whole or not at all.
/// </summary>
public static class TransferApi
{
    public static IEndpointRouteBuilder MapTransferApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/labels/export", async (LabelTransferStore labels, CancellationToken ct, string? workspace = null, string? format = null) =>
            {
                var kind = TransferTable.ParseFormat(format);
                var rows = await labels.ExportAsync(workspace, ct);
                return Download(stream => LabelTransferStore.Write(stream, kind, rows), kind, $"labels{(workspace is null ? "" : "-" + workspace)}");
            })
            .Produces<IReadOnlyList<LabelRow>>(StatusCodes.Status200OK, "application/json", "text/csv").ProducesProblem(StatusCodes.Status400BadRequest)
            .WithTags("Labels").WithName("ExportLabels").WithSummary("Every label (of one workspace, or all) as a JSON or CSV file (format=json|csv).");
        MapImport(app, "/api/labels/import", async (services, user, content, format, ct) =>
                TypedResults.Ok(new LabelImport((await services.GetRequiredService<LabelWrites>().ImportLabelsAsync(user, content, format, ct)).Count)))
            .Accepts<IReadOnlyList<LabelRow>>("application/json", "text/csv")
            .Produces<LabelImport>().WithWriteProblems().WithTags("Labels").WithName("ImportLabels")
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("Add the labels of a JSON or CSV file (as the export writes them; Content-Type says which): all of them, or none with the line that is wrong.");

        app.MapGet("/api/lists/export", async (ListTransferStore lists, CancellationToken ct, string? format = null) =>
            {
                var kind = TransferTable.ParseFormat(format);
                var rows = await lists.ExportAsync(ct);
                return Download(stream => ListTransferStore.Write(stream, kind, rows), kind, "lists");
            })
            .Produces<IReadOnlyList<ListRow>>(StatusCodes.Status200OK, "application/json", "text/csv").ProducesProblem(StatusCodes.Status400BadRequest)
            .WithTags("Lists").WithName("ExportLists").WithSummary("Every list with its items, one row per item, as a JSON or CSV file.");
        MapImport(app, "/api/lists/import", async (services, user, content, format, ct) =>
                TypedResults.Ok(new ListImport(await services.GetRequiredService<ListWrites>().ImportListsAsync(user, content, format, ct))))
            .Accepts<IReadOnlyList<ListRow>>("application/json", "text/csv")
            .Produces<ListImport>().WithWriteProblems().WithTags("Lists").WithName("ImportLists")
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("Make the lists of a JSON or CSV file (Content-Type says which), owned by you: all of them, or none with the line that is wrong.");

        // A file download (gzip'd JSON Lines), beside the thumbnails rather than in the JSON API.
        app.MapGet("/workspaces/{workspace}/explanations.jsonl.gz", async (string workspace, WorkspaceQueries workspaces, LabelTransferStore labels,
                CancellationToken ct, string? modelId = null, string? layer = null) =>
            {
                if (await workspaces.FindAsync(workspace, ct) is null) return ApiProblems.NoWorkspace(workspace);
                var rows = Explanations.Of(await labels.ExportAsync(workspace, ct), modelId, layer).ToList();
                var buffer = new MemoryStream();
                Explanations.Write(buffer, rows);
                return Results.File(buffer.ToArray(), "application/gzip", $"{workspace}.jsonl.gz");
            })
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// An import endpoint: a writer who may not label is refused first; then the body is imported in the format its
    /// Content-Type names (application/json or text/csv; anything else, which a cross-site form could send with the
    /// sign-in cookie, is refused with 415); a bad file is 400 with the line that is wrong.
    /// </summary>
    private static RouteHandlerBuilder MapImport(IEndpointRouteBuilder app, string route,
        Func<IServiceProvider, ClaimsPrincipal, string, TransferFormat, CancellationToken, Task<IResult>> import) =>
        app.MapPost(route, (HttpContext http, ClaimsPrincipal user, LabelWrites writes, CancellationToken ct) => WriteProblems.RunAsync(http, async () =>
        {
            await writes.LabellerAsync(user, ct);
            return await Importing(http, async format => await import(http.RequestServices, user, await BodyAsync(http, ct), format, ct));
        }));

    private static async Task<IResult> Importing(HttpContext http, Func<TransferFormat, Task<IResult>> import)
    {
        var type = http.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        TransferFormat? format = type switch { "application/json" => TransferFormat.Json, "text/csv" => TransferFormat.Csv, _ => null };
        if (format is null)
            return TypedResults.Problem(detail: $"Send the file as application/json or text/csv (Content-Type), not '{type ?? "none"}'.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported file type");
        try
        {
            return await import(format.Value);
        }
        catch (TransferException bad)
        {
            return ApiProblems.BadRequest($"Nothing was imported: {bad.Message}");
        }
    }

    private static async Task<string> BodyAsync(HttpContext http, CancellationToken ct)
    {
        using var reader = new StreamReader(http.Request.Body);
        return await reader.ReadToEndAsync(ct);
    }

    private static IResult Download(Action<Stream> write, TransferFormat format, string name)
    {
        var buffer = new MemoryStream();
        write(buffer);
        return Results.File(buffer.ToArray(), TransferTable.ContentType(format), $"{name}.{(format == TransferFormat.Csv ? "csv" : "json")}");
    }
}

public sealed record LabelImport(int Imported);

public sealed record ListImport(IReadOnlyList<string> Lists);
