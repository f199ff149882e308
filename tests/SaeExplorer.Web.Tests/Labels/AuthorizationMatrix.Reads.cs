namespace SaeExplorer.Web.Tests.Labels;

/// <summary>The matrix's reads: every GET of the API, the files and the pages, open to everyone but a revoked token.</summary>
public static partial class AuthorizationMatrix
{
    private const string Ws = "/api/workspaces/demo";

    /// <summary>An upload hash nobody uploaded: its reads are refused as not found, to anyone.</summary>
    private const string NoUpload = "00000000000000000000000000000000000000000000000000000000000000aa";

    private static readonly IReadOnlyList<MatrixEntry> Reads =
    [
        // The JSON API.
        Get("/api/workspaces/", "/api/workspaces"),
        Get("/api/workspaces/{workspace}", Ws),
        Get("/api/workspaces/{workspace}/features/", $"{Ws}/features?take=3"),
        Get("/api/workspaces/{workspace}/features/{index:int}", $"{Ws}/features/1"),
        Get("/api/workspaces/{workspace}/features/{index:int}/top-images", $"{Ws}/features/1/top-images"),
        Get("/api/workspaces/{workspace}/features/{index:int}/icon", $"{Ws}/features/1/icon", through: 422), // the seed has icons but no image files
        Get("/api/workspaces/{workspace}/features/{index:int}/labels/", $"{Ws}/features/1/labels"),
        Get("/api/workspaces/{workspace}/images", $"{Ws}/images?q=red"),
        Get("/api/workspaces/{workspace}/images/{imageId}/groups", $"{Ws}/images/img-0/groups"),
        Get("/api/workspaces/{workspace}/images/u/{hash}/groups", $"{Ws}/images/u/{NoUpload}/groups", through: 404),
        Get("/api/workspaces/{workspace}/images/{imageId}/recipe", $"{Ws}/images/img-0/recipe?edits=scale:0*0.5"),
        Get("/api/workspaces/{workspace}/images/u/{hash}/recipe", $"{Ws}/images/u/{NoUpload}/recipe", through: 404),
        Get("/api/groups/{slug}", f => Task.FromResult($"/api/groups/{f.GroupSlug}")),
        Get("/api/groups/{slug}/labels/", f => Task.FromResult($"/api/groups/{f.GroupSlug}/labels")),
        Get("/api/labels/{id:int}/", async f => $"/api/labels/{await f.NewLabelAsync()}"),
        Get("/api/labels/{id:int}/history", async f => $"/api/labels/{await f.NewLabelAsync()}/history"),
        Get("/api/search", "/api/search?q=red"),
        Get("/api/lists/", "/api/lists"),
        Get("/api/lists/{slug}", async f => $"/api/lists/{await f.NewListAsync()}"),
        Get("/api/labels/export", "/api/labels/export?workspace=demo&format=csv"),
        Get("/api/lists/export", "/api/lists/export"),
        Get("/api/steering/{slug}", "/api/steering/aaaaaaaaaaaaaaaa", through: 404),
        Get("/openapi/{documentName}.json", "/openapi/v1.json"),

        // Files.
        Get("/workspaces/{workspace}/explanations.jsonl.gz", "/workspaces/demo/explanations.jsonl.gz"),
        Get("/thumbs/{workspace}/{**imageId}", "/thumbs/demo/img-0", through: null), // the seed has no image files: 422 says so
        Get("/thumbs/{workspace}/u/{hash}", $"/thumbs/demo/u/{NoUpload}", through: 404),

        // Pages: the same page for everyone; what it offers depends on who asks (the admin page says who may use it).
        Get("/", "/"),
        Get("/account", "/account"),
        Get("/account/login", "/account/login"),
        Get("/account/register", "/account/register"),
        Get("/admin", "/admin"),
        Get("/workspaces/new", "/workspaces/new"),
        Get("/workspaces/{Workspace}/report", "/workspaces/demo/report"),
        Get("/features/{Workspace}", "/features/demo"),
        Get("/features/{Workspace}/{Index:int}", "/features/demo/1"),
        Get("/images/{Workspace}", "/images/demo"),
        Get("/images/{Workspace}/{*ImageId}", "/images/demo/img-0"),
        Get("/images/{Workspace}/u/{Hash}", $"/images/demo/u/{NoUpload}", through: 404),
        Get("/compare/{Workspace}", "/compare/demo?a=img-0&b=img-1"),
        Get("/g/{Slug}", f => Task.FromResult($"/g/{f.GroupSlug}")),
        Get("/s/{Slug}", "/s/aaaaaaaaaaaaaaaa", through: 404),
        Get("/l/{Slug}", async f => $"/l/{await f.NewListAsync()}"),
        Get("/lists", "/lists"),
        Get("/search", "/search?q=red"),
        Get("/not-found", "/not-found", through: null),
        Get("/Error", "/Error", through: null),
    ];
}
