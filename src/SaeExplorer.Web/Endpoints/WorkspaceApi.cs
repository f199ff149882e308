using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SaeExplorer.Core.Corpus.Import;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Data.Workspaces;
using SaeExplorer.Web.Services.Accounts;
using SaeExplorer.Web.Services.Preparation;
using SaeExplorer.Web.Services.Workspaces;

namespace SaeExplorer.Web.Endpoints;

/// <summary>
/// Workspaces as an API (documented at /openapi/v1.json): every workspace with its state, one with its stage, progress and
/// SAEs, and for an admin a new workspace (a corpus folder, and an SAE file or one to train) or another SAE of one,
/// with paths inside Saex:ImportRoots. Refusals are problem details that say why; server paths and failure reasons are
/// shown to admins only, as on the home page.
/// </summary>
public static class WorkspaceApi
{
    /// <param name="Stage">The stage running now, else the last one that ran; null before any.</param>
    /// <param name="Ready">Every stage of the workspace and of each SAE is done.</param>
    /// <param name="Error">Why its last stage failed (admins only).</param>
    /// <param name="Warning">Said when it was made: an SAE whose metadata could not confirm the corpus's embedding space.</param>
    public sealed record WorkspaceJson(string Name, string State, bool Ready, string? Stage, int Done, int Total, string? Error, int Images,
        EmbeddingSpace? Space, IReadOnlyList<SaeJson> Saes, string Url, string? ImportedFrom, string? Warning = null);

    /// <param name="IsDefault">The workspace's first SAE: pages show it without ?sae=.</param>
    /// <param name="Source">The file it was imported from (admins only).</param>
    public sealed record SaeJson(string Name, bool IsDefault, string State, string Origin, string Format, string Architecture, int DIn, int DSae,
        string? Normalization, string? Fingerprint, double? ExplainedVariance, double? L0, int? AliveFeatures, string? Stage, string FeaturesUrl,
        string? Source);

    /// <param name="Corpus">A corpus folder inside Saex:ImportRoots.</param>
    /// <param name="Sae">An SAE file or SAELens folder inside the roots; none: the workspace trains one.</param>
    /// <param name="Index">An index saex index built for that SAE over this corpus: the app takes it instead of building one.</param>
    /// <param name="Format">The corpus layout (a CorpusFormat name); none: detected.</param>
    public sealed record NewWorkspace(string? Name, string? Corpus, string? Sae = null, string? Index = null, string? Format = null);

    /// <param name="Name">Its URL-safe name (?sae=); none: made from the file's name.</param>
    public sealed record NewSae(string? Sae, string? Index = null, string? Name = null);

    public static IEndpointRouteBuilder MapWorkspaceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Links.Api.Workspaces).WithTags("Workspaces");
        api.MapGet("/", async (ClaimsPrincipal user, WorkspaceQueries workspaces, PreparationState live, AdminRole admins, CancellationToken ct) =>
            {
                var admin = await admins.IsHeldByAsync(user, ct);
                return TypedResults.Ok((await workspaces.ListAsync(ct)).Select(w => Json(w, live, admin)).ToList());
            })
            .WithName("ListWorkspaces").WithSummary("Every workspace with its state, its preparation's stage and progress, and its SAEs.");

        api.MapGet("/{workspace}", async Task<Results<Ok<WorkspaceJson>, ProblemHttpResult>> (string workspace, ClaimsPrincipal user,
                WorkspaceQueries workspaces, PreparationState live, AdminRole admins, CancellationToken ct) =>
                await workspaces.SummaryAsync(workspace, ct) is { } summary
                    ? TypedResults.Ok(Json(summary, live, await admins.IsHeldByAsync(user, ct)))
                    : ApiProblems.NoWorkspace(workspace))
            .ProducesProblem(StatusCodes.Status404NotFound).WithName("GetWorkspace")
            .WithSummary("One workspace: its state, the stage running (or last run) with done/total, whether it is ready, and its SAEs with theirs.");

        api.MapPost("/", (NewWorkspace body, ClaimsPrincipal user, WorkspaceImports imports, WorkspaceQueries workspaces, PreparationState live,
                HttpContext http, CancellationToken ct) => WriteProblems.RunAsync(http, async () =>
            {
                CorpusFormat? format = null;
                if (body.Format is { } f)
                {
                    if (!Enum.TryParse<CorpusFormat>(f, ignoreCase: true, out var parsed))
                        return ApiProblems.BadRequest($"'{f}' is not a corpus layout; use one of {string.Join(", ", Enum.GetNames<CorpusFormat>())}, or leave it out to detect it.");
                    format = parsed;
                }
                var outcome = await imports.CreateAsync(user, body.Name?.Trim(), body.Corpus, format, body.Sae is null ? null : (body.Sae, body.Index), ct);
                return await CreatedAsync(outcome, body.Name ?? "", workspaces, live, ct);
            }))
            .Accepts<NewWorkspace>("application/json").Produces<WorkspaceJson>(StatusCodes.Status201Created).WithWriteProblems()
            .ProducesProblem(StatusCodes.Status409Conflict).WithName("CreateWorkspace")
            .WithSummary("Make a workspace (admin) from a corpus folder inside Saex:ImportRoots, with an SAE file (and its index) or one to train.")
            .WithDescription("Everything is checked before anything is recorded: the name, the corpus's layout and files, the SAE's format, " +
                             "input dimension, metadata and weights, and the index's SAE fingerprint. The workspace is then prepared in the background.");

        api.MapPost("/{workspace}/saes", (string workspace, NewSae body, ClaimsPrincipal user, WorkspaceImports imports, WorkspaceQueries workspaces,
                PreparationState live, HttpContext http, CancellationToken ct) => WriteProblems.RunAsync(http, async () =>
            {
                var outcome = await imports.AddSaeAsync(user, workspace, body.Sae, body.Index, body.Name?.Trim(), ct);
                if (outcome.Problem is not null && !await workspaces.ExistsAsync(workspace, ct)) return ApiProblems.NoWorkspace(workspace);
                return await CreatedAsync(outcome, workspace, workspaces, live, ct);
            }))
            .Accepts<NewSae>("application/json").Produces<WorkspaceJson>(StatusCodes.Status201Created).WithWriteProblems()
            .ProducesProblem(StatusCodes.Status409Conflict).WithName("AddSae")
            .WithSummary("Add an SAE file (and its index) inside Saex:ImportRoots to a workspace (admin): it is loaded, indexed, labelled and given icons on its own.");
        return app;
    }

    private static async Task<IResult> CreatedAsync(CreationOutcome outcome, string name, WorkspaceQueries workspaces, PreparationState live,
        CancellationToken ct)
    {
        if (outcome.Problem is { } problem)
            return outcome.NameTaken
                ? TypedResults.Problem(detail: problem, statusCode: StatusCodes.Status409Conflict, title: "Name taken")
                : ApiProblems.BadRequest(problem);
        var workspace = outcome.Workspace!.Name;
        var summary = await workspaces.SummaryAsync(workspace, ct) ?? throw new InvalidOperationException($"workspace '{name}' vanished");
        return TypedResults.Created(Links.Api.Workspace(workspace), Json(summary, live, admin: true) with { Warning = outcome.Warning });
    }

    private static WorkspaceJson Json(WorkspaceSummary w, PreparationState live, bool admin)
    {
        var snapshot = live.Get(w.Name) is { State: WorkspaceState.Preparing } s && w.State == WorkspaceState.Preparing ? s : null;
        var job = w.Job;
        return new WorkspaceJson(w.Name, w.State.ToString(), w.State == WorkspaceState.Ready, snapshot?.Stage ?? job?.Title,
            snapshot?.Done ?? job?.Done ?? 0, snapshot?.Total ?? job?.Total ?? 0,
            admin && job is { State: Data.Jobs.JobState.Failed } failed ? failed.Error : null, w.Encoded, w.Space,
            w.Saes.Select(sae => new SaeJson(sae.Name, sae.IsDefault, sae.State.ToString(), sae.Origin, sae.Format, sae.Architecture, sae.DIn, sae.DSae,
                sae.Normalization, sae.Fingerprint, sae.ExplainedVariance, sae.L0, sae.AliveInCorpus, sae.Job?.Title,
                Links.Api.Features(new WorkspaceRef(w.Name, sae.IsDefault ? null : sae.Name)), admin ? sae.Source : null)).ToList(),
            Links.Api.Workspace(w.Name), admin ? w.ImportedFrom : null);
    }
}
