using SaeExplorer.Core.Corpus.Import;
using SaeExplorer.Core.Encoders;
using SaeExplorer.Core.Indexing;
using SaeExplorer.Core.Sae;
using SaeExplorer.Core.Sae.Loading;
using SaeExplorer.Core.Settings;
using SaeExplorer.Data.Saes;

namespace SaeExplorer.Data.Workspaces;

/// <summary>An SAE file asked to serve a workspace, with an index built for it elsewhere when there is one.</summary>
/// <param name="Name">Its URL-safe name; null: made from the file's name.</param>
public sealed record SaeRequest(string Path, string? Index = null, string? Name = null, SaeFormat Format = SaeFormat.Auto);

/// <summary>What a request came to: the rows made, or why nothing was; a warning to show either way.</summary>
/// <param name="NameTaken">Refused because the name is another's (a conflict, not bad input).</param>
public sealed record CreationOutcome(Workspace? Workspace, WorkspaceSae? Sae, string? Problem, string? Warning = null, bool NameTaken = false)
{
    public static CreationOutcome Refused(string problem, bool nameTaken = false) => new(null, null, problem, NameTaken: nameTaken);

    /// <summary>The workspace made, or why none was.</summary>
    public void Deconstruct(out Workspace? workspace, out string? problem) => (workspace, problem) = (Workspace, Problem);
}

/// <summary>
/// New workspaces and new SAEs of a workspace, for the web app and the CLI alike: everything is checked before any row is
/// written (the name; the corpus's layout and its files, from their headers; the SAE file against the corpus, streamed;
/// an index built elsewhere against the SAE), so a bad request leaves nothing behind. Rows are written in one
/// transaction; the files are the preparation stages' to make. Who may ask, and from which folders, is the caller's
/// check.
/// </summary>
public sealed class WorkspaceCreation(WorkspaceStore store, WorkspaceQueries queries, SaeStore saes, SaexOptions options, EncoderOptions encoder)
{
    /// <summary>Null when the name can be used, else why not.</summary>
    public async Task<string?> CheckNameAsync(string? name, CancellationToken ct = default) =>
        WorkspaceNames.Problem(name, "workspace") ?? (await queries.ExistsAsync(name!, ct) ? $"There is already a workspace named '{name}'." : null);

    /// <summary>
    /// Records a workspace made from <paramref name="corpus"/> (its layout <paramref name="format"/>, or detected) and its
    /// first SAE: the one in <paramref name="sae"/>, or one to train.
    /// </summary>
    public async Task<CreationOutcome> CreateAsync(string? name, string corpus, CorpusFormat? format, SaeRequest? sae, CancellationToken ct = default)
    {
        if (await CheckNameAsync(name, ct) is { } nameProblem) return CreationOutcome.Refused(nameProblem, nameProblem.StartsWith("There is already", StringComparison.Ordinal));
        CorpusFormat layout;
        CorpusVectors vectors;
        try
        {
            layout = format ?? CorpusImporter.Detect(corpus);
            vectors = await CorpusProbe.ProbeAsync(corpus, layout, encoder, ct);
        }
        catch (Exception e) when (e is CorpusImportException or IOException or UnauthorizedAccessException)
        {
            return CreationOutcome.Refused(e.Message);
        }
        var files = WorkspaceFiles.For(options, name!);
        WorkspaceSae row;
        string? warning = null;
        if (sae is null)
        {
            row = Planned($"{name}-sae", WorkspaceSae.Trained, files.SaeFolder($"{name}-sae", first: true));
        }
        else
        {
            var saeName = sae.Name ?? WorkspaceNames.From(sae.Path);
            if (WorkspaceNames.Problem(saeName, "SAE") is { } saeNameProblem) return CreationOutcome.Refused(saeNameProblem);
            var (inspection, problem) = Inspect(sae, vectors);
            if (inspection is null) return CreationOutcome.Refused(problem!);
            (row, warning) = (Imported(saeName, files.SaeFolder(saeName, first: true), sae, inspection), inspection.Warning);
        }
        var now = DateTimeOffset.UtcNow;
        var workspace = new Workspace
        {
            // The import stage records the embedding space (the encoder's, or the one the corpus ships).
            Name = name!, CorpusPath = corpus, ImportedFrom = corpus, ImportFormat = layout.ToString(), State = WorkspaceState.Preparing,
            CreatedAt = now, UpdatedAt = now,
        };
        return await store.TryAddAsync(workspace, [row], ct)
            ? new CreationOutcome(workspace, row, null, warning)
            : CreationOutcome.Refused($"There is already a workspace named '{name}'.", nameTaken: true); // lost a race
    }

    /// <summary>Adds the SAE in <paramref name="sae"/> to workspace <paramref name="workspace"/>, to be loaded, indexed, labelled and given icons.</summary>
    public async Task<CreationOutcome> AddSaeAsync(string workspace, SaeRequest sae, CancellationToken ct = default)
    {
        if (await store.RowAsync(workspace, ct) is not { } ws) return CreationOutcome.Refused($"There is no workspace named '{workspace}'.");
        var existing = await saes.OfWorkspaceAsync(ws.Id, ct);
        var name = sae.Name ?? Unique(WorkspaceNames.From(sae.Path), existing.Select(s => s.Name).ToHashSet(StringComparer.Ordinal));
        if (WorkspaceNames.Problem(name, "SAE") is { } nameProblem) return CreationOutcome.Refused(nameProblem);
        if (existing.Any(s => s.Name == name)) return CreationOutcome.Refused($"Workspace '{workspace}' already has an SAE named '{name}'.", nameTaken: true);
        CorpusVectors vectors;
        try
        {
            vectors = ws.Space is { } space
                ? new CorpusVectors(space.Dimension, $"workspace '{workspace}'", space.IsShipped || space.Preset == "unknown" ? null : space.Preset, space.Model)
                : await CorpusProbe.ProbeAsync(ws.ImportedFrom, Enum.TryParse<CorpusFormat>(ws.ImportFormat, out var f) ? f : CorpusImporter.Detect(ws.ImportedFrom), encoder, ct);
        }
        catch (Exception e) when (e is CorpusImportException or IOException or UnauthorizedAccessException)
        {
            return CreationOutcome.Refused(e.Message);
        }
        var (inspection, problem) = Inspect(sae, vectors);
        if (inspection is null) return CreationOutcome.Refused(problem!);
        var row = Imported(name, WorkspaceFiles.For(options, ws.Name).SaeFolder(name, first: existing.Count == 0), sae, inspection);
        row.WorkspaceId = ws.Id;
        return await saes.TryAddAsync(row, ct)
            ? new CreationOutcome(ws, row, null, inspection.Warning)
            : CreationOutcome.Refused($"Workspace '{workspace}' already has an SAE named '{name}'.", nameTaken: true);
    }

    /// <summary>The SAE a workspace made before SAEs were planned gets (to train, as before), under its old name.</summary>
    public WorkspaceSae Trained(string workspace) => Planned($"{workspace}-sae", WorkspaceSae.Trained, WorkspaceFiles.For(options, workspace).SaeFolder($"{workspace}-sae", first: true));

    private static (SaeInspection? Inspection, string? Problem) Inspect(SaeRequest sae, CorpusVectors vectors)
    {
        try
        {
            var inspection = SaeCheck.Inspect(sae.Path, sae.Format, vectors);
            if (sae.Index is { } index)
                FeatureIndexFile.Header(index).CheckBelongsTo(index, inspection.WeightsFile, inspection.Fingerprint, inspection.Config.DSae, vectors.Rows);
            return (inspection, null);
        }
        catch (Exception e) when (e is SaeFormatException or FeatureIndexFormatException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return (null, e.Message);
        }
    }

    private static WorkspaceSae Planned(string name, string origin, SaeFiles files) => new()
    {
        Name = name, Origin = origin, Path = files.Weights, Architecture = "", State = WorkspaceState.Preparing, CreatedAt = DateTimeOffset.UtcNow,
    };

    private static WorkspaceSae Imported(string name, SaeFiles files, SaeRequest request, SaeInspection inspection)
    {
        var row = Planned(name, WorkspaceSae.Imported, files);
        (row.Source, row.IndexSource, row.Format, row.Fingerprint) =
            (Path.GetFullPath(request.Path), request.Index is null ? null : Path.GetFullPath(request.Index), SaeFormatNames.Name(inspection.Format), inspection.Fingerprint);
        (row.Architecture, row.DIn, row.DSae, row.Normalization) = (inspection.Config.Architecture.ToString().ToLowerInvariant(), inspection.Config.DIn,
            inspection.Config.DSae, SaeLensConfig.NormalizationName(inspection.Config.Normalization));
        return row;
    }

    private static string Unique(string name, IReadOnlySet<string> taken)
    {
        if (!taken.Contains(name)) return name;
        for (var i = 2; ; i++)
        {
            var candidate = $"{(name.Length > 60 ? name[..60] : name)}-{i}";
            if (!taken.Contains(candidate)) return candidate;
        }
    }
}
