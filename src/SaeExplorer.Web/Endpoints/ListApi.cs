using System.Security.Claims;
using SaeExplorer.Data.Lists;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Labels;

namespace SaeExplorer.Web.Endpoints;

/// <summary>JSON API over lists of features and groups: read by anyone, changed by a labeller who owns or edits the list.</summary>
public static class ListApi
{
    public sealed record ListBody(string? Name, string? Notes);

    /// <summary>A feature (<paramref name="Workspace"/> + <paramref name="Feature"/>, of the SAE named <paramref name="Sae"/>, else its
    /// first) or a shared group (<paramref name="Group"/>).</summary>
    public sealed record NewItem(string? Workspace, int? Feature, string? Group, string? Note, string? Sae = null);

    public sealed record NewEditor(string? UserName);

    public static IEndpointRouteBuilder MapListApi(this IEndpointRouteBuilder app)
    {
        var lists = app.MapGroup("/api/lists").WithTags("Lists");
        lists.MapGet("/", async (ListStore store, CancellationToken ct) => TypedResults.Ok(await store.AllAsync(ct: ct)))
            .WithName("GetLists").WithSummary("Every list, most recently changed first.");
        lists.MapPost("/", (ListBody body, ClaimsPrincipal user, ListWrites writes, ListStore store, HttpContext http, CancellationToken ct) =>
                WriteProblems.RunAsync(http, async () =>
                {
                    var slug = await writes.CreateListAsync(user, body.Name ?? "", body.Notes, ct);
                    return TypedResults.Created(Links.Api.List(slug), await store.FindAsync(slug, ct));
                }))
            .Produces<ListView>(StatusCodes.Status201Created).WithWriteProblems()
            .WithName("CreateList").WithSummary("Make a list (you own it); it is shared at /l/{slug}.");
        lists.MapGet("/{slug}", async (string slug, ListStore store, CancellationToken ct) =>
                await store.FindAsync(slug, ct) is { } list ? Results.Ok(list) : ApiProblems.NotFound($"There is no list '{slug}'."))
            .Produces<ListView>().ProducesProblem(StatusCodes.Status404NotFound).WithName("GetList").WithSummary("A list with its items.");
        lists.MapPut("/{slug}", (string slug, ListBody body, ClaimsPrincipal user, ListWrites writes, ListStore store, HttpContext http,
                CancellationToken ct) => WriteProblems.RunAsync(http, async () =>
            {
                await writes.UpdateListAsync(user, slug, body.Name ?? "", body.Notes, ct);
                return TypedResults.Ok(await store.FindAsync(slug, ct));
            }))
            .Produces<ListView>().WithWriteProblems().WithName("UpdateList").WithSummary("Rename a list or change its notes (owner or editor).");
        lists.MapDelete("/{slug}", (string slug, ClaimsPrincipal user, ListWrites writes, HttpContext http, CancellationToken ct) =>
                WriteProblems.RunAsync(http, async () =>
                {
                    await writes.DeleteListAsync(user, slug, ct);
                    return TypedResults.NoContent();
                }))
            .Produces(StatusCodes.Status204NoContent).WithWriteProblems().WithName("DeleteList").WithSummary("Delete a list (owner only).");
        lists.MapPost("/{slug}/items", (string slug, NewItem body, ClaimsPrincipal user, ListWrites writes, WorkspaceQueries workspaces, ListStore store,
                HttpContext http, CancellationToken ct) => WriteProblems.RunAsync(http, async () =>
            {
                if (body.Group is { } group) await writes.AddGroupToListAsync(user, slug, group, body.Note, ct);
                else if (body is { Workspace: { } name, Feature: { } feature })
                {
                    var context = await workspaces.FindAsync(name, body.Sae, ct);
                    if (context is not { SaeId: { } saeId }) return ApiProblems.NoFeatures(name, body.Sae, context);
                    await writes.AddFeatureToListAsync(user, slug, saeId, feature, body.Note, ct);
                }
                else return ApiProblems.BadRequest("An item is a feature ('workspace' and 'feature') or a shared group ('group', its slug).");
                return TypedResults.Created(Links.Api.List(slug), await store.FindAsync(slug, ct));
            }))
            .Produces<ListView>(StatusCodes.Status201Created).WithWriteProblems()
            .WithName("AddListItem").WithSummary("Add a feature or a shared group to a list, with a note.");
        lists.MapDelete("/{slug}/items/{itemId:int}", (string slug, int itemId, ClaimsPrincipal user, ListWrites writes, HttpContext http,
                CancellationToken ct) => WriteProblems.RunAsync(http, async () =>
            {
                await writes.RemoveListItemAsync(user, slug, itemId, ct);
                return TypedResults.NoContent();
            }))
            .Produces(StatusCodes.Status204NoContent).WithWriteProblems().WithName("RemoveListItem").WithSummary("Take an item off a list.");
        lists.MapPost("/{slug}/editors", (string slug, NewEditor body, ClaimsPrincipal user, ListWrites writes, ListStore store, HttpContext http,
                CancellationToken ct) => WriteProblems.RunAsync(http, async () =>
            {
                await writes.AddListEditorAsync(user, slug, body.UserName ?? "", ct);
                return TypedResults.Ok(await store.FindAsync(slug, ct));
            }))
            .Produces<ListView>().WithWriteProblems().WithName("AddListEditor").WithSummary("Let another user change the list (owner only).");
        lists.MapDelete("/{slug}/editors/{userName}", (string slug, string userName, ClaimsPrincipal user, ListWrites writes, HttpContext http,
                CancellationToken ct) => WriteProblems.RunAsync(http, async () =>
            {
                await writes.RemoveListEditorAsync(user, slug, userName, ct);
                return TypedResults.NoContent();
            }))
            .Produces(StatusCodes.Status204NoContent).WithWriteProblems().WithName("RemoveListEditor").WithSummary("Stop a user editing the list (owner only).");
        return app;
    }
}
