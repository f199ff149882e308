using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Data.Labels;
using SaeExplorer.Data.Lists;
using SaeExplorer.Data.Transfer;
using SaeExplorer.Web.Services.Labels;
using SaeExplorer.Web.Services.Workspaces;
using static SaeExplorer.Web.Tests.Labels.Role;

namespace SaeExplorer.Web.Tests.Labels;

/// <summary>Which roles a write lets through.</summary>
public sealed record Allowed(bool Anonymous, bool Viewer, bool Labeller, bool Admin)
{
    public static readonly Allowed Anyone = new(true, true, true, true);
    public static readonly Allowed SignedIn = new(false, true, true, true);
    public static readonly Allowed Labellers = new(false, false, true, true);
    public static readonly Allowed Admins = new(false, false, false, true);
    /// <summary>A list's owner (lara) and its editor (ada), both with a writing role.</summary>
    public static readonly Allowed OwnerAndEditor = Labellers;
    /// <summary>A list's owner only (lara): ada, its editor, may not delete it or change who edits it.</summary>
    public static readonly Allowed OwnerOnly = new(false, false, true, false);
    public static readonly Allowed Nobody = new(false, false, false, false);

    public bool For(Role role) => role switch { Role.Anonymous => Anonymous, Role.Viewer => Viewer, Role.Labeller => Labeller, _ => Admin };
}

/// <summary>One row of the matrix: an HTTP write (API call or form post) or a page action (a LabelWrites or ListWrites method).</summary>
public abstract record MatrixEntry(string Key, Allowed Allowed);

/// <summary>An HTTP write; denied means 401 without a sign-in and 403 with one (or <see cref="DeniedStatus"/> for every role).</summary>
public sealed record HttpWrite(string Method, string Route, Allowed Allowed, Func<LabelsAppFixture, Role, Task<HttpResponseMessage>> Send,
    int? DeniedStatus = null) : MatrixEntry($"{Method} {Route}", Allowed);

/// <summary>A page action: the method of <see cref="LabelWrites"/>, <see cref="ListWrites"/> or the workspace services that the page's
/// button calls with the circuit's user.</summary>
public sealed record PageAction(string Method, Allowed Allowed, Func<LabelsAppFixture, ClaimsPrincipal, Task> Invoke) : MatrixEntry($"action {Method}", Allowed);

/// <summary>THE table: every write endpoint and page action x role -> allowed or denied.</summary>
public static class AuthorizationMatrix
{
    private static HttpClient Api(LabelsAppFixture f, Role r) => f.TokenClient(r);

    private static Task<HttpResponseMessage> Json(HttpClient client, HttpMethod method, string url, object? body) =>
        client.SendAsync(new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) });

    /// <summary>
    /// A static page's form, posted by a cookie-signed-in client of the role. The page renders the form only for those
    /// who may use it, so anyone else's post finds no such form (and no antiforgery token to send): Blazor refuses it
    /// with 400 before any handler runs.
    /// </summary>
    private static HttpWrite Form(string route, string url, string form, Allowed allowed, Func<Role, (string, string)[]> fields) =>
        new("POST", route, allowed, (f, r) => LabelsAppFixture.PostFormAsync(f.CookieClient(r), url, form, fields(r)), DeniedStatus: 400);

    /// <summary>A page whose route takes posts (every Razor page does) but which has no form: any post is refused (400).</summary>
    private static HttpWrite NoForm(string route, string url) =>
        new("POST", route, Allowed.Nobody, (f, r) => f.CookieClient(r).PostAsync(url, new FormUrlEncodedContent([])), DeniedStatus: 400);

    public static readonly IReadOnlyList<MatrixEntry> Entries =
    [
        // JSON API, with each role's API token.
        new HttpWrite("POST", "/api/workspaces/{workspace}/features/{index:int}/labels", Allowed.Labellers,
            (f, r) => Json(Api(f, r), HttpMethod.Post, "/api/workspaces/demo/features/1/labels", new { text = $"by {r}" })),
        new HttpWrite("POST", "/api/groups/{slug}/labels", Allowed.Labellers,
            (f, r) => Json(Api(f, r), HttpMethod.Post, $"/api/groups/{f.GroupSlug}/labels", new { text = $"group by {r}" })),
        new HttpWrite("PUT", "/api/labels/{id:int}", Allowed.Labellers,
            async (f, r) => await Json(Api(f, r), HttpMethod.Put, $"/api/labels/{await f.NewLabelAsync()}", new { text = $"edited by {r}", version = 1 })),
        new HttpWrite("POST", "/api/labels/{id:int}/votes", Allowed.Labellers,
            async (f, r) => await Json(Api(f, r), HttpMethod.Post, $"/api/labels/{await f.NewLabelAsync()}/votes", new { vote = "up" })),
        new HttpWrite("POST", "/api/labels/{id:int}/comments", Allowed.Labellers,
            async (f, r) => await Json(Api(f, r), HttpMethod.Post, $"/api/labels/{await f.NewLabelAsync()}/comments", new { text = "a comment" })),
        new HttpWrite("POST", "/api/labels/import", Allowed.Labellers, (f, r) => Json(Api(f, r), HttpMethod.Post, "/api/labels/import",
            new[] { new { workspace = "demo", feature = 1, text = $"imported by {r}" } })),
        new HttpWrite("POST", "/api/lists/import", Allowed.Labellers, (f, r) => Json(Api(f, r), HttpMethod.Post, "/api/lists/import",
            new[] { new { list = "a", name = $"imported by {r}", workspace = "demo", feature = 1 } })),
        new HttpWrite("POST", "/api/lists", Allowed.Labellers, (f, r) => Json(Api(f, r), HttpMethod.Post, "/api/lists", new { name = $"{r}'s list" })),
        new HttpWrite("PUT", "/api/lists/{slug}", Allowed.OwnerAndEditor,
            async (f, r) => await Json(Api(f, r), HttpMethod.Put, $"/api/lists/{await f.NewListAsync()}", new { name = "renamed", notes = "n" })),
        new HttpWrite("DELETE", "/api/lists/{slug}", Allowed.OwnerOnly,
            async (f, r) => await Json(Api(f, r), HttpMethod.Delete, $"/api/lists/{await f.NewListAsync()}", null)),
        new HttpWrite("POST", "/api/lists/{slug}/items", Allowed.OwnerAndEditor,
            async (f, r) => await Json(Api(f, r), HttpMethod.Post, $"/api/lists/{await f.NewListAsync()}/items", new { workspace = "demo", feature = 2 })),
        new HttpWrite("DELETE", "/api/lists/{slug}/items/{itemId:int}", Allowed.OwnerAndEditor, async (f, r) =>
        {
            var slug = await f.NewListAsync();
            var item = await f.App.Services.GetRequiredService<ListStore>().AddFeatureAsync(slug, f.UserId(Labeller), f.Seeded.SaeId, 3, null);
            return await Json(Api(f, r), HttpMethod.Delete, $"/api/lists/{slug}/items/{item}", null);
        }),
        new HttpWrite("POST", "/api/lists/{slug}/editors", Allowed.OwnerOnly,
            async (f, r) => await Json(Api(f, r), HttpMethod.Post, $"/api/lists/{await f.NewListAsync()}/editors", new { userName = "vera" })),
        new HttpWrite("DELETE", "/api/lists/{slug}/editors/{userName}", Allowed.OwnerOnly,
            async (f, r) => await Json(Api(f, r), HttpMethod.Delete, $"/api/lists/{await f.NewListAsync()}/editors/ada", null)),
        // Uploads take an image apart for anyone (they write no labels); a non-image is refused as input, never as a right.
        new HttpWrite("POST", "/api/workspaces/{workspace}/images", Allowed.Anyone, (f, r) =>
        {
            var form = new MultipartFormDataContent { { new ByteArrayContent("not an image"u8.ToArray()), "file", "x.png" } };
            return Api(f, r).PostAsync("/api/workspaces/demo/images", form);
        }),

        // Workspaces: an admin's request that goes through is refused only on its merits (no such folder, no such file).
        new HttpWrite("POST", "/api/workspaces", Allowed.Admins,
            (f, r) => Json(Api(f, r), HttpMethod.Post, "/api/workspaces", new { name = $"by-{r}".ToLowerInvariant(), corpus = "/no/such/folder" })),
        new HttpWrite("POST", "/api/workspaces/{workspace}/saes", Allowed.Admins,
            (f, r) => Json(Api(f, r), HttpMethod.Post, "/api/workspaces/demo/saes", new { sae = "/no/such/sae.pth" })),

        // Form posts, with each role's sign-in cookie.
        // The app bar's sign-out form, as on any page: its antiforgery token from the page it is on.
        new HttpWrite("POST", "/account/logout", Allowed.Anyone, async (f, r) =>
            await LabelsAppFixture.PostFormAsync(await f.NewCookieClientAsync(r), "/account/login", null, [("returnUrl", "/")], action: "/account/logout")),
        Form("/account/login", "/account/login", "login", Allowed.Anyone,
            r => [("Input.UserName", r == Anonymous ? "nobody" : LabelsAppFixture.Names[r]), ("Input.Password", "wrong password")]),
        new HttpWrite("POST", "/account/register", Allowed.Anyone, async (f, r) => await LabelsAppFixture.PostFormAsync(await f.NewCookieClientAsync(r),
            "/account/register", "register", [("Input.UserName", $"new-{r}-{Guid.NewGuid():N}"[..20]), ("Input.Password", Testing.TestUsers.Password),
            ("Input.Confirm", Testing.TestUsers.Password)])),
        Form("/account", "/account", "new-token", Allowed.SignedIn, r => [("NewToken.Name", $"{r} token")]),
        Form("/admin", "/admin", "roles", Allowed.Admins, r => [("Grant", "not-a-user")]),

        // Pages without a form.
        NoForm("/", "/"),
        NoForm("/workspaces/new", "/workspaces/new"),
        NoForm("/workspaces/{Workspace}/report", "/workspaces/demo/report"),
        NoForm("/features/{Workspace}", "/features/demo"),
        NoForm("/features/{Workspace}/{Index:int}", "/features/demo/1"),
        NoForm("/images/{Workspace}", "/images/demo"),
        NoForm("/images/{Workspace}/{*ImageId}", "/images/demo/img-0"),
        NoForm("/images/{Workspace}/u/{Hash}", "/images/demo/u/00"),
        NoForm("/compare/{Workspace}", "/compare/demo"),
        NoForm("/g/{Slug}", "/g/aaaaaaaaaaaaaaaa"),
        NoForm("/s/{Slug}", "/s/aaaaaaaaaaaaaaaa"),
        NoForm("/l/{Slug}", "/l/aaaaaaaaaa"),
        NoForm("/lists", "/lists"),
        NoForm("/search", "/search"),
        NoForm("/not-found", "/not-found"),
        NoForm("/Error", "/Error"),

        // Page actions: what the labels panel and the lists pages call.
        new PageAction(nameof(LabelWrites.LabellerAsync), Allowed.Labellers, (f, u) => W(f).LabellerAsync(u)),
        new PageAction(nameof(LabelWrites.AddLabelAsync), Allowed.Labellers,
            (f, u) => W(f).AddLabelAsync(u, new LabelTarget.OfFeature(f.Seeded.SaeId, 2), "from the panel")),
        new PageAction(nameof(LabelWrites.EditLabelAsync), Allowed.Labellers, async (f, u) => await W(f).EditLabelAsync(u, await f.NewLabelAsync(), 1, "edited")),
        new PageAction(nameof(LabelWrites.VoteAsync), Allowed.Labellers, async (f, u) => await W(f).VoteAsync(u, await f.NewLabelAsync(), -1)),
        new PageAction(nameof(LabelWrites.CommentAsync), Allowed.Labellers, async (f, u) => await W(f).CommentAsync(u, await f.NewLabelAsync(), "hm")),
        new PageAction(nameof(ListWrites.CreateListAsync), Allowed.Labellers, (f, u) => L(f).CreateListAsync(u, "panel list", null)),
        new PageAction(nameof(ListWrites.UpdateListAsync), Allowed.OwnerAndEditor, async (f, u) => await L(f).UpdateListAsync(u, await f.NewListAsync(), "r", null)),
        new PageAction(nameof(ListWrites.DeleteListAsync), Allowed.OwnerOnly, async (f, u) => await L(f).DeleteListAsync(u, await f.NewListAsync())),
        new PageAction(nameof(ListWrites.AddFeatureToListAsync), Allowed.OwnerAndEditor,
            async (f, u) => await L(f).AddFeatureToListAsync(u, await f.NewListAsync(), f.Seeded.SaeId, 0, null)),
        new PageAction(nameof(ListWrites.AddGroupToListAsync), Allowed.OwnerAndEditor,
            async (f, u) => await L(f).AddGroupToListAsync(u, await f.NewListAsync(), f.GroupSlug, "see this")),
        new PageAction(nameof(ListWrites.RemoveListItemAsync), Allowed.OwnerAndEditor, async (f, u) =>
        {
            var slug = await f.NewListAsync();
            var item = await f.App.Services.GetRequiredService<ListStore>().AddGroupAsync(slug, f.UserId(Labeller), f.GroupSlug, null);
            await L(f).RemoveListItemAsync(u, slug, item);
        }),
        new PageAction(nameof(ListWrites.AddListEditorAsync), Allowed.OwnerOnly, async (f, u) => await L(f).AddListEditorAsync(u, await f.NewListAsync(), "vera")),
        new PageAction(nameof(ListWrites.RemoveListEditorAsync), Allowed.OwnerOnly, async (f, u) => await L(f).RemoveListEditorAsync(u, await f.NewListAsync(), "ada")),
        new PageAction(nameof(LabelWrites.ImportLabelsAsync), Allowed.Labellers,
            (f, u) => W(f).ImportLabelsAsync(u, "workspace,feature,text\ndemo,1,from a page's file\n", TransferFormat.Csv)),
        new PageAction(nameof(ListWrites.ImportListsAsync), Allowed.Labellers,
            (f, u) => L(f).ImportListsAsync(u, "list,name,workspace,feature\na,a page's file,demo,1\n", TransferFormat.Csv)),

        // Workspace actions: the New workspace page and the home cards. Each checks the role before anything else, so an
        // admin's call that goes through is refused only on its merits (no such folder, no such workspace).
        new PageAction(nameof(WorkspaceImports.CreateAsync), Allowed.Admins,
            (f, u) => f.App.Services.GetRequiredService<WorkspaceImports>().CreateAsync(u, "from-the-matrix", "/no/such/folder", null)),
        new PageAction(nameof(WorkspaceImports.AddSaeAsync), Allowed.Admins,
            (f, u) => f.App.Services.GetRequiredService<WorkspaceImports>().AddSaeAsync(u, "demo", "/no/such/sae.pth")),
        new PageAction(nameof(WorkspaceImports.RetryAsync), Allowed.Admins,
            (f, u) => f.App.Services.GetRequiredService<WorkspaceImports>().RetryAsync(u, f.Seeded.WorkspaceId)),
        new PageAction(nameof(WorkspaceRemoval.DeleteAsync), Allowed.Admins,
            (f, u) => f.App.Services.GetRequiredService<WorkspaceRemoval>().DeleteAsync(u, "no-such-workspace")),
    ];

    private static LabelWrites W(LabelsAppFixture f) => f.App.Services.GetRequiredService<LabelWrites>();

    private static ListWrites L(LabelsAppFixture f) => f.App.Services.GetRequiredService<ListWrites>();
}
