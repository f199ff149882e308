using System.Globalization;
using System.Text;

namespace SaeExplorer.Web;

/// <summary>
/// Every URL the app renders, pages and API alike, built in one place so each part is escaped exactly once:
/// workspace names and image ids come from users and corpora, and a '/', '?' or '#' in them must stay data. Addresses
/// of what depends on the SAE (features, images taken apart, groups, reports) name it with ?sae= when the
/// <see cref="WorkspaceRef"/> does: any SAE but the workspace's first.
/// </summary>
public static class Links
{
    public const string Home = "/";
    public const string NewWorkspace = "/workspaces/new";
    public const string OpenApi = "/openapi/v1.json";

    public static string Features(WorkspaceRef workspace) => Sae($"/features/{E(workspace.Name)}", workspace);

    /// <summary>The workspace's feature labels as Neuronpedia explanations (gzip'd JSON Lines).</summary>
    public static string Explanations(string workspace) => $"/workspaces/{E(workspace)}/explanations.jsonl.gz";

    /// <summary>The workspace report: label scores and purity of SAE features against raw dimensions.</summary>
    public static string Report(WorkspaceRef workspace) => Sae($"/workspaces/{E(workspace.Name)}/report", workspace);

    public static string Feature(WorkspaceRef workspace, int feature) => Sae($"/features/{E(workspace.Name)}/{I(feature)}", workspace);

    /// <summary>A feature's icon image (a drawn PNG, or the nearest corpus image's thumbnail at <paramref name="size"/>).</summary>
    public static string FeatureIcon(WorkspaceRef workspace, int feature, int? size = null) =>
        WithQuery($"{Api.FeaturePath(workspace.Name, feature)}/icon", ("size", size is { } s ? I(s) : null), (WorkspaceRef.SaeParameter, workspace.Sae));

    /// <summary>The caption search page; an empty query and page 1 are left out.</summary>
    public static string Images(WorkspaceRef workspace, string? query = null, int page = 1) =>
        WithQuery($"/images/{E(workspace.Name)}", ("q", string.IsNullOrWhiteSpace(query) ? null : query), ("page", page > 1 ? I(page) : null),
            (WorkspaceRef.SaeParameter, workspace.Sae));

    /// <summary>An image's page: a corpus image by id, or an upload by its key ("u/" + hash, see <see cref="ImageKey"/>).</summary>
    public static string Image(WorkspaceRef workspace, string imageId) => Sae($"/images/{E(workspace.Name)}/{ImagePath(imageId)}", workspace);

    /// <summary>An image's page with its grouping state in the query: the page shows exactly this view again.</summary>
    public static string Image(WorkspaceRef workspace, string imageId, Services.Grouping.GroupingSettings settings, int? k = null) =>
        WithQuery(Image(workspace, imageId), settings.QueryWith(k));

    /// <summary>A thumbnail served by image id (never by path); <paramref name="size"/> is the longest side in pixels.</summary>
    public static string Thumbnail(WorkspaceRef workspace, string imageId, int? size = null) =>
        WithQuery($"/thumbs/{E(workspace.Name)}/{ImagePath(imageId)}", ("size", size is { } s ? I(s) : null));

    /// <summary>A group's card on its image's page, at the grouping it belongs to (position counted from 0).</summary>
    public static string GroupCard(WorkspaceRef workspace, string imageId, Services.Grouping.GroupingSettings settings, int k, int index) =>
        $"{Image(workspace, imageId, settings, k)}#group-{I(index + 1)}";

    /// <summary>Two images of a workspace side by side, their shared and their own groups.</summary>
    public static string Compare(WorkspaceRef workspace, string a, string b) =>
        WithQuery($"/compare/{E(workspace.Name)}", ("a", a), ("b", b), (WorkspaceRef.SaeParameter, workspace.Sae));

    /// <summary>A shared group's permalink.</summary>
    public static string Group(string slug) => $"/g/{E(slug)}";

    /// <summary>The sign-in page; <paramref name="returnUrl"/> (a local path) is where it leads back to.</summary>
    public static string Login(string? returnUrl = null) => WithQuery("/account/login", ("returnUrl", returnUrl));

    public static string Register(string? returnUrl = null) => WithQuery("/account/register", ("returnUrl", returnUrl));

    /// <summary>Sign-out is a form post (antiforgery-checked), never a link.</summary>
    public const string Logout = "/account/logout";

    /// <summary>The signed-in user's page: their roles and API tokens.</summary>
    public const string Account = "/account";

    /// <summary>Admins grant the labeller role here.</summary>
    public const string Admin = "/admin";

    public const string Lists = "/lists";

    /// <summary>A list's shareable page.</summary>
    public static string List(string slug) => $"/l/{E(slug)}";

    /// <summary>Search over every label and comment; an empty query is left out.</summary>
    public static string Search(string? query = null) => WithQuery("/search", ("q", string.IsNullOrWhiteSpace(query) ? null : query));

    /// <summary>Where a label is shown: its feature's page, or its shared group's.</summary>
    public static string LabelTarget(string? workspace, int? feature, string? groupSlug) =>
        groupSlug is not null ? Group(groupSlug) : Feature(workspace ?? "", feature ?? 0);

    /// <summary>An image page steered: its grouping, the edits (<see cref="Services.Steering.EditsQuery"/>) and the
    /// error switch ("pure" renders decode(f') alone).</summary>
    public static string Steered(WorkspaceRef workspace, string imageId, Services.Grouping.GroupingSettings settings, int? k,
        Core.Steering.EditList edits, bool keepError) =>
        WithQuery(Image(workspace, imageId),
        [
            .. settings.QueryWith(k),
            ("edits", edits.Edits.Count > 0 ? Services.Steering.EditsQuery.Write(edits) : null),
            ("error", keepError ? null : Services.Steering.SteeringQuery.Pure),
        ]);

    /// <summary>A shared steering state.</summary>
    public static string Steering(string slug) => $"/s/{E(slug)}";

    /// <summary>A generated picture inline: the circuit already holds its bytes, so there is no address to fetch.</summary>
    public static string PngData(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);

    public static class Api
    {
        /// <summary>Every workspace with its state (GET), or a new one (POST).</summary>
        public const string Workspaces = "/api/workspaces";

        /// <summary>One workspace: its preparation and its SAEs.</summary>
        public static string Workspace(string workspace) => $"{Workspaces}/{E(workspace)}";

        /// <summary>Where another SAE is added to a workspace (POST).</summary>
        public static string Saes(string workspace) => $"{Workspace(workspace)}/saes";

        public static string Features(WorkspaceRef workspace) => Sae($"{Workspace(workspace.Name)}/features", workspace);

        public static string Feature(WorkspaceRef workspace, int feature) => Sae(FeaturePath(workspace.Name, feature), workspace);

        internal static string FeaturePath(string workspace, int feature) => $"{Workspace(workspace)}/features/{I(feature)}";

        public static string TopImages(WorkspaceRef workspace, int feature) => Sae($"{FeaturePath(workspace.Name, feature)}/top-images", workspace);

        public static string Images(WorkspaceRef workspace) => Sae($"{Workspace(workspace.Name)}/images", workspace);

        public static string ImageGroups(WorkspaceRef workspace, string imageId) =>
            Sae($"{Workspace(workspace.Name)}/images/{ImagePath(imageId)}/groups", workspace);

        public static string Group(string slug) => $"/api/groups/{E(slug)}";

        public static string FeatureLabels(WorkspaceRef workspace, int feature) => Sae($"{FeaturePath(workspace.Name, feature)}/labels", workspace);

        public static string GroupLabels(string slug) => $"{Group(slug)}/labels";

        public static string Label(int id) => $"/api/labels/{I(id)}";

        public static string Lists => "/api/lists";

        public static string List(string slug) => $"{Lists}/{E(slug)}";

        public static string Search(string query) => WithQuery("/api/search", ("q", query));

        public static string LabelsExport(string format, string? workspace = null) => WithQuery("/api/labels/export", ("workspace", workspace), ("format", format));

        public static string ListsExport(string format) => WithQuery("/api/lists/export", ("format", format));

        /// <summary>The recipe of a steered image (edits, renderer, parameters, seed) as a JSON download.</summary>
        public static string Recipe(WorkspaceRef workspace, string imageId, Core.Steering.EditList edits, bool keepError) =>
            WithQuery($"{Workspace(workspace.Name)}/images/{ImagePath(imageId)}/recipe",
                ("edits", Services.Steering.EditsQuery.Write(edits)), ("error", keepError ? null : Services.Steering.SteeringQuery.Pure),
                (WorkspaceRef.SaeParameter, workspace.Sae));

        public static string Steering(string slug) => $"/api/steering/{E(slug)}";
    }

    /// <summary>Appends the parameters that have a value, each name and value escaped (after any query the path has).</summary>
    public static string WithQuery(string path, params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(p => p.Value is not null).ToList();
        if (present.Count == 0) return path;
        var builder = new StringBuilder(path).Append(path.Contains('?') ? '&' : '?');
        for (var i = 0; i < present.Count; i++)
        {
            if (i > 0) builder.Append('&');
            builder.Append(E(present[i].Name)).Append('=').Append(QueryValue(present[i].Value!));
        }
        return builder.ToString();
    }

    /// <summary>The address naming the SAE of <paramref name="workspace"/>, if it names one.</summary>
    private static string Sae(string path, WorkspaceRef workspace) => WithQuery(path, (WorkspaceRef.SaeParameter, workspace.Sae));

    private static string E(string part) => Uri.EscapeDataString(part);

    /// <summary>Escaped, but keeping the characters a query value may hold as they are (RFC 3986 allows
    /// ":@,;*=/" there; '&amp;', '+', '#' and '%' stay escaped), so an edit list reads "scale:4,9*0.5" in the address bar.</summary>
    private static string QueryValue(string value)
    {
        var escaped = new StringBuilder(E(value));
        foreach (var (code, c) in QueryKept) escaped.Replace(code, c);
        return escaped.ToString();
    }

    private static readonly (string Code, string Char)[] QueryKept =
        [("%3A", ":"), ("%40", "@"), ("%2C", ","), ("%3B", ";"), ("%2A", "*"), ("%3D", "="), ("%2F", "/")];

    // An upload's key keeps its slash: its routes have a literal "u" segment.
    private static string ImagePath(string imageId) => ImageKey.UploadHash(imageId) is { } hash ? $"u/{hash}" : E(imageId);

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
