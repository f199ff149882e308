using System.Net.Http.Json;
using System.Security.Claims;
using static SaeExplorer.Web.Tests.Labels.Role;

namespace SaeExplorer.Web.Tests.Labels;

/// <summary>Which of the matrix's people an endpoint or action lets through (a revoked token never gets through anything).</summary>
public sealed record Allowed(params Role[] Roles)
{
    public static readonly Allowed Anyone = new(Anonymous, Viewer, Labeller, ListOwner, ListEditor, OtherLabeller, Admin);
    public static readonly Allowed SignedIn = new(Viewer, Labeller, ListOwner, ListEditor, OtherLabeller, Admin);
    public static readonly Allowed Labellers = new(Labeller, ListOwner, ListEditor, OtherLabeller, Admin);
    public static readonly Allowed Admins = new(Admin);
    /// <summary>A list's owner and the editor the owner added; nobody else, admins included.</summary>
    public static readonly Allowed OwnerAndEditor = new(ListOwner, ListEditor);
    /// <summary>A list's owner only: its editor may not delete it or change who edits it.</summary>
    public static readonly Allowed OwnerOnly = new(ListOwner);
    public static readonly Allowed Nobody = new();

    public bool For(Role role) => Roles.Contains(role);

    public override string ToString() => Roles.Length == 0 ? "nobody" : string.Join("/", Roles);
}

/// <summary>One row of the matrix: an endpoint of the app's endpoint table, or a page action (a service method a component calls).</summary>
public abstract record MatrixEntry(string Key, Allowed Allowed);

/// <summary>
/// An endpoint, by method and route as the endpoint table has them, with a request for each person. Let through: exactly
/// <see cref="Through"/> when given, else anything but 401, 403 and 5xx. Refused: 401 without a sign-in and 403 with one,
/// or <see cref="DeniedStatus"/> for everyone (a form whose page offers it only to those who may use it). A revoked token
/// is 401 everywhere.
/// </summary>
public sealed record HttpCase(string Method, string Route, Allowed Allowed, Func<LabelsAppFixture, Role, Task<HttpResponseMessage>> Send,
    int? DeniedStatus = null, int? Through = null) : MatrixEntry($"{Method} {Route}", Allowed);

/// <summary>A page action: the method of a service that an interactive component's button calls with the circuit's user.</summary>
public sealed record PageAction(Type Service, string Method, Allowed Allowed, Func<LabelsAppFixture, ClaimsPrincipal, Task> Invoke)
    : MatrixEntry(KeyOf(Service, Method), Allowed)
{
    public static string KeyOf(Type service, string method) => $"action {service.Name}.{method}";
}

/// <summary>
/// THE table: every route and method of the app's endpoint table, and every page action, by who may use it: reads
/// (open to all), writes (API calls and form posts), the framework's own endpoints, and page actions, one file each.
/// </summary>
public static partial class AuthorizationMatrix
{
    public static IReadOnlyList<MatrixEntry> Entries => [.. Reads, .. Writes, .. Framework, .. PageActions];

    /// <summary>API calls go with each person's API token (the revoked one for rex), pages with their sign-in cookie.</summary>
    private static HttpClient Client(LabelsAppFixture f, Role r, string url) => url.StartsWith("/api/", StringComparison.Ordinal) ? f.TokenClient(r) : f.CookieClient(r);

    /// <summary>
    /// A GET that everyone may make; <paramref name="through"/> is its status for them (null: any but 401, 403, 5xx). The
    /// row is for <paramref name="method"/> in the endpoint table ("*" for an endpoint that takes any method).
    /// </summary>
    private static HttpCase Get(string route, Func<LabelsAppFixture, Task<string>> url, int? through = 200, string method = "GET") =>
        new(method, route, Allowed.Anyone, async (f, r) => { var u = await url(f); return await Client(f, r, u).GetAsync(u); }, Through: through);

    private static HttpCase Get(string route, string url, int? through = 200, string method = "GET") => Get(route, _ => Task.FromResult(url), through, method);

    private static Task<HttpResponseMessage> Json(HttpClient client, HttpMethod method, string url, object? body) =>
        client.SendAsync(new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) });
}
