using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Core.Grouping;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Data.Groups;
using SaeExplorer.Data.Labels;
using SaeExplorer.Data.Lists;
using SaeExplorer.Data.Providers;
using SaeExplorer.Testing;

namespace SaeExplorer.Web.Tests.Labels;

/// <summary>
/// Who the authorisation matrix tries: nobody signed in; a viewer (no role); a labeller who wrote the labels acted on; the
/// owner of the lists acted on and their editor (both labellers); another labeller with no part in them; an admin (no
/// part in the lists either); and a labeller whose API token was revoked.
/// </summary>
public enum Role { Anonymous, Viewer, Labeller, ListOwner, ListEditor, OtherLabeller, Admin, RevokedToken }

/// <summary>
/// The app over a seeded workspace with a user per role (vera viewer, lara labeller, olive list owner, eddie list editor,
/// otto another labeller, ada admin, rex whose token is revoked), an API token each, a shared group, and cookie-signed-in
/// clients; helpers make fresh labels (by lara) and lists (olive's, eddie editing) for a write to act on. The app runs
/// on SQLite, or, in <see cref="LabelsAppFixtureOnPostgres"/>, on a PostgreSQL copy of the same database.
/// </summary>
public partial class LabelsAppFixture : IAsyncLifetime
{
    public static readonly IReadOnlyDictionary<Role, string> Names = new Dictionary<Role, string>
    {
        [Role.Viewer] = "vera", [Role.Labeller] = "lara", [Role.ListOwner] = "olive", [Role.ListEditor] = "eddie",
        [Role.OtherLabeller] = "otto", [Role.Admin] = "ada", [Role.RevokedToken] = "rex",
    };

    private readonly Dictionary<Role, string> _userIds = [];
    private readonly Dictionary<Role, string> _tokens = [];
    private readonly Dictionary<Role, HttpClient> _cookieClients = [];
    private string? _postgres;

    /// <summary>The database the app runs on.</summary>
    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public SeededWorkspace Seeded { get; private set; } = null!;
    public SeededApp App { get; private set; } = null!;
    public string GroupSlug { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Seeded = await SeededWorkspace.CreateAsync();
        foreach (var (role, name) in Names)
            _userIds[role] = role switch
            {
                Role.Admin => await TestUsers.AddAsync(Seeded.Factory, name, SaexRoles.Admin),
                Role.Viewer => await TestUsers.AddAsync(Seeded.Factory, name),
                _ => await TestUsers.AddAsync(Seeded.Factory, name, SaexRoles.Labeller),
            };
        App = new SeededApp(Seeded) { Settings = await DatabaseSettingsAsync() };
        var tokens = App.Services.GetRequiredService<ApiTokenStore>();
        foreach (var (role, id) in _userIds) _tokens[role] = (await tokens.CreateAsync(id, "tests")).Token;
        var revoked = (await tokens.ForUserAsync(_userIds[Role.RevokedToken])).Single();
        await tokens.RevokeAsync(_userIds[Role.RevokedToken], revoked.Id); // rex keeps sending it
        var workspace = SeededWorkspace.Name;
        GroupSlug = await App.Services.GetRequiredService<GroupPermalinkStore>().ShareAsync(Seeded.WorkspaceId,
            new GroupContent(workspace, "img-0", 2, "20%", 20, 8, 1, [3, 6], [0.5f, 1f], Seeded.SaeId, "sha256:test"), 1.5, 1.5 / 4.5);
        foreach (var role in Names.Keys.Where(r => r != Role.RevokedToken)) _cookieClients[role] = await SignedInClientAsync(role);
    }

    public Task DisposeAsync()
    {
        foreach (var client in _cookieClients.Values) client.Dispose();
        App.Dispose();
        if (_postgres is not null) PrivatePostgres.Shared.DropDatabase(_postgres);
        Seeded.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>None for SQLite; for PostgreSQL, the seeded database copied into a new one and the app pointed at it.</summary>
    private async Task<IReadOnlyDictionary<string, string?>> DatabaseSettingsAsync()
    {
        if (Provider == DatabaseProvider.Sqlite) return new Dictionary<string, string?>();
        (_postgres, var settings) = await Seeded.CopyToPostgresAsync(PrivatePostgres.Shared);
        return settings;
    }

    public string UserId(Role role) => _userIds[role];

    /// <summary>A client that does not follow redirects, with the role's API token (none for anonymous).</summary>
    public HttpClient TokenClient(Role role)
    {
        var client = App.CreateClient(new() { AllowAutoRedirect = false });
        if (_tokens.TryGetValue(role, out var token)) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// A client signed in with the role's cookie (a fresh, cookie-less one for anonymous; for the revoked token, a client
    /// that sends it, as a script whose token was revoked would).
    /// </summary>
    public HttpClient CookieClient(Role role) =>
        _cookieClients.TryGetValue(role, out var client) ? client : TokenClient(role);

    /// <summary>A client signed in afresh (for writes that sign out or in again, which would end the shared client's session).</summary>
    public async Task<HttpClient> NewCookieClientAsync(Role role) =>
        role is Role.Anonymous or Role.RevokedToken ? TokenClient(role) : await SignedInClientAsync(role);

    /// <summary>A fresh label on feature 1, by lara.</summary>
    public Task<int> NewLabelAsync() =>
        App.Services.GetRequiredService<LabelStore>().AddAsync(new LabelTarget.OfFeature(Seeded.SaeId, 1), "a label to act on", UserId(Role.Labeller));

    /// <summary>A fresh list owned by olive, with eddie as its editor.</summary>
    public async Task<string> NewListAsync()
    {
        var lists = App.Services.GetRequiredService<ListStore>();
        var slug = await lists.CreateAsync(UserId(Role.ListOwner), "list to act on", null);
        await lists.AddEditorAsync(slug, UserId(Role.ListOwner), Names[Role.ListEditor]);
        return slug;
    }

    /// <summary>
    /// Posts a page's form as a browser would: the antiforgery token from a GET of <paramref name="url"/>, the form's
    /// handler name (null for a plain form post to an endpoint), then the fields, to <paramref name="action"/> (default: the page).
    /// </summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, string? formName, (string Name, string Value)[] fields,
        string? action = null)
    {
        var page = await (await client.GetAsync(url)).Content.ReadAsStringAsync();
        var token = AntiforgeryField().Match(page);
        var form = new List<KeyValuePair<string, string>>();
        if (formName is not null) form.Add(new("_handler", formName));
        if (token.Success) form.Add(new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value)));
        form.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return await client.PostAsync(action ?? url, new FormUrlEncodedContent(form));
    }

    private async Task<HttpClient> SignedInClientAsync(Role role)
    {
        var client = App.CreateClient(new() { AllowAutoRedirect = false });
        var response = await PostFormAsync(client, "/account/login", "login", [("Input.UserName", Names[role]), ("Input.Password", TestUsers.Password)]);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"signing in {Names[role]} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}

/// <summary>The same app and users on PostgreSQL (the shared private server, a database of its own).</summary>
public sealed class LabelsAppFixtureOnPostgres : LabelsAppFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
