using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Data.Lists;
using static SaeExplorer.Web.Tests.Labels.Role;

namespace SaeExplorer.Web.Tests.Labels;

/// <summary>The matrix's writes: API calls with each person's token, form posts with their sign-in cookie.</summary>
public static partial class AuthorizationMatrix
{
    /// <summary>
    /// A static page's form, posted by a cookie-signed-in client of the role. The page renders the form only for those
    /// who may use it, so anyone else's post finds no such form (and no antiforgery token to send): Blazor refuses it
    /// with 400 before any handler runs.
    /// </summary>
    private static HttpCase Form(string route, string url, string form, Allowed allowed, Func<Role, (string, string)[]> fields) =>
        new("POST", route, allowed, (f, r) => LabelsAppFixture.PostFormAsync(f.CookieClient(r), url, form, fields(r)), DeniedStatus: 400);

    /// <summary>A page whose route takes posts (every Razor page does) but which has no form: any post is refused (400).</summary>
    private static HttpCase NoForm(string route, string url) =>
        new("POST", route, Allowed.Nobody, (f, r) => f.CookieClient(r).PostAsync(url, new FormUrlEncodedContent([])), DeniedStatus: 400);

    private static readonly IReadOnlyList<MatrixEntry> Writes =
    [
        // JSON API, with each role's API token.
        // Workspaces: an admin's request goes through the role check and is refused only on its merits (no such folder or file).
        new HttpCase("POST", "/api/workspaces/", Allowed.Admins,
            (f, r) => Json(f.TokenClient(r), HttpMethod.Post, "/api/workspaces", new { name = $"by-{r}".ToLowerInvariant(), corpus = "/no/such/folder" }), Through: 400),
        new HttpCase("POST", "/api/workspaces/{workspace}/saes", Allowed.Admins,
            (f, r) => Json(f.TokenClient(r), HttpMethod.Post, $"{Ws}/saes", new { sae = "/no/such/sae.pth" }), Through: 400),
        new HttpCase("POST", "/api/workspaces/{workspace}/features/{index:int}/labels/", Allowed.Labellers,
            (f, r) => Json(f.TokenClient(r), HttpMethod.Post, $"{Ws}/features/1/labels", new { text = $"by {r}" }), Through: 201),
        new HttpCase("POST", "/api/groups/{slug}/labels/", Allowed.Labellers,
            (f, r) => Json(f.TokenClient(r), HttpMethod.Post, $"/api/groups/{f.GroupSlug}/labels", new { text = $"group by {r}" }), Through: 201),
        // Any labeller may edit any label (each edit a revision); the author has no more right than another labeller.
        new HttpCase("PUT", "/api/labels/{id:int}/", Allowed.Labellers, async (f, r) =>
            await Json(f.TokenClient(r), HttpMethod.Put, $"/api/labels/{await f.NewLabelAsync()}", new { text = $"edited by {r}", version = 1 }), Through: 200),
        new HttpCase("POST", "/api/labels/{id:int}/votes", Allowed.Labellers,
            async (f, r) => await Json(f.TokenClient(r), HttpMethod.Post, $"/api/labels/{await f.NewLabelAsync()}/votes", new { vote = "up" }), Through: 200),
        new HttpCase("POST", "/api/labels/{id:int}/comments", Allowed.Labellers, async (f, r) =>
            await Json(f.TokenClient(r), HttpMethod.Post, $"/api/labels/{await f.NewLabelAsync()}/comments", new { text = "a comment" }), Through: 201),
        new HttpCase("POST", "/api/labels/import", Allowed.Labellers, (f, r) => Json(f.TokenClient(r), HttpMethod.Post, "/api/labels/import",
            new[] { new { workspace = "demo", feature = 1, text = $"imported by {r}" } }), Through: 200),
        new HttpCase("POST", "/api/lists/import", Allowed.Labellers, (f, r) => Json(f.TokenClient(r), HttpMethod.Post, "/api/lists/import",
            new[] { new { list = "a", name = $"imported by {r}", workspace = "demo", feature = 1 } }), Through: 200),
        new HttpCase("POST", "/api/lists/", Allowed.Labellers,
            (f, r) => Json(f.TokenClient(r), HttpMethod.Post, "/api/lists", new { name = $"{r}'s list" }), Through: 201),
        new HttpCase("PUT", "/api/lists/{slug}", Allowed.OwnerAndEditor,
            async (f, r) => await Json(f.TokenClient(r), HttpMethod.Put, $"/api/lists/{await f.NewListAsync()}", new { name = "renamed", notes = "n" }), Through: 200),
        new HttpCase("DELETE", "/api/lists/{slug}", Allowed.OwnerOnly,
            async (f, r) => await Json(f.TokenClient(r), HttpMethod.Delete, $"/api/lists/{await f.NewListAsync()}", null), Through: 204),
        new HttpCase("POST", "/api/lists/{slug}/items", Allowed.OwnerAndEditor, async (f, r) =>
            await Json(f.TokenClient(r), HttpMethod.Post, $"/api/lists/{await f.NewListAsync()}/items", new { workspace = "demo", feature = 2 }), Through: 201),
        new HttpCase("DELETE", "/api/lists/{slug}/items/{itemId:int}", Allowed.OwnerAndEditor, async (f, r) =>
        {
            var slug = await f.NewListAsync();
            var item = await f.App.Services.GetRequiredService<ListStore>().AddFeatureAsync(slug, f.UserId(ListOwner), f.Seeded.SaeId, 3, null);
            return await Json(f.TokenClient(r), HttpMethod.Delete, $"/api/lists/{slug}/items/{item}", null);
        }, Through: 204),
        new HttpCase("POST", "/api/lists/{slug}/editors", Allowed.OwnerOnly,
            async (f, r) => await Json(f.TokenClient(r), HttpMethod.Post, $"/api/lists/{await f.NewListAsync()}/editors", new { userName = "vera" }), Through: 200),
        new HttpCase("DELETE", "/api/lists/{slug}/editors/{userName}", Allowed.OwnerOnly,
            async (f, r) => await Json(f.TokenClient(r), HttpMethod.Delete, $"/api/lists/{await f.NewListAsync()}/editors/eddie", null), Through: 204),
        // Uploads take an image apart for anyone (they write no labels); a non-image is refused as input, never as a right.
        new HttpCase("POST", "/api/workspaces/{workspace}/images/", Allowed.Anyone, (f, r) =>
        {
            var form = new MultipartFormDataContent { { new ByteArrayContent("not an image"u8.ToArray()), "file", "x.png" } };
            return f.TokenClient(r).PostAsync($"{Ws}/images", form);
        }, Through: 400),

        // Form posts, with each role's sign-in cookie.
        // The app bar's sign-out form, as on any page: its antiforgery token from the page it is on.
        new HttpCase("POST", "/account/logout", Allowed.Anyone, async (f, r) =>
            await LabelsAppFixture.PostFormAsync(await f.NewCookieClientAsync(r), "/account/login", null, [("returnUrl", "/")], action: "/account/logout"),
            Through: 302),
        Form("/account/login", "/account/login", "login", Allowed.Anyone,
            r => [("Input.UserName", r == Anonymous ? "nobody" : LabelsAppFixture.Names[r]), ("Input.Password", "wrong password")]),
        new HttpCase("POST", "/account/register", Allowed.Anyone, async (f, r) => await LabelsAppFixture.PostFormAsync(await f.NewCookieClientAsync(r),
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
    ];
}
