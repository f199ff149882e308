using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Testing;
using SaeExplorer.Web.Tests.Labels;

namespace SaeExplorer.Web.Tests.Security;

/// <summary>
/// Passwords and API tokens never reach the logs: every log line of every category at Trace level, with its exception and
/// structured values, is captured through sign-in, a failed sign-in, registration, making a token on the account page,
/// writing and reading with it, and reading with a bogus one; no secret appears in any of them.
/// </summary>
public sealed partial class SecretsInLogsTests : IAsyncLifetime
{
    private const string WrongPassword = "hunter2-wrong-password-xyz";
    private const string NewPassword = "register-secret-password-42";
    private const string BogusToken = "saex_bogusbogusbogusbogus123";

    private readonly CapturedLogs _logs = new();
    private SeededWorkspace _seeded = null!;
    private SeededApp _seededApp = null!;
    private WebApplicationFactory<Program> _app = null!;

    public async Task InitializeAsync()
    {
        _seeded = await SeededWorkspace.CreateAsync();
        await TestUsers.AddAsync(_seeded.Factory, "lara", SaexRoles.Labeller);
        _seededApp = new SeededApp(_seeded);
        _app = _seededApp.WithWebHostBuilder(b =>
        {
            b.UseSetting("Logging:LogLevel:Default", "Trace");
            b.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace");
            b.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs));
        });
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        _seededApp.Dispose();
        _seeded.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task NoPasswordOrTokenIsLogged()
    {
        using var browser = _app.CreateClient(new() { AllowAutoRedirect = false });
        var failed = await LabelsAppFixture.PostFormAsync(browser, "/account/login", "login", [("Input.UserName", "lara"), ("Input.Password", WrongPassword)]);
        Assert.Contains("do not match", await failed.Content.ReadAsStringAsync());
        var signedIn = await LabelsAppFixture.PostFormAsync(browser, "/account/login", "login", [("Input.UserName", "lara"), ("Input.Password", TestUsers.Password)]);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var made = await LabelsAppFixture.PostFormAsync(browser, "/account", "new-token", [("NewToken.Name", "script")]);
        var token = WebUtility.HtmlDecode(NewToken().Match(await made.Content.ReadAsStringAsync()).Groups[1].Value);
        Assert.StartsWith("saex_", token);

        using var newcomer = _app.CreateClient(new() { AllowAutoRedirect = false });
        var registered = await LabelsAppFixture.PostFormAsync(newcomer, "/account/register", "register",
            [("Input.UserName", "newcomer"), ("Input.Password", NewPassword), ("Input.Confirm", NewPassword)]);
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);

        using var script = _app.CreateClient();
        script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.Created, (await script.PostAsJsonAsync("/api/workspaces/demo/features/2/labels", new { text = "by script" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/workspaces/demo/features/2/labels")).StatusCode);
        script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BogusToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/lists")).StatusCode);

        var lines = _logs.Lines;
        Assert.Contains(lines, l => l.Contains("/api/workspaces/demo/features/2/labels", StringComparison.Ordinal)); // the capture sees requests
        foreach (var secret in new[] { TestUsers.Password, WrongPassword, NewPassword, token, token["saex_".Length..], BogusToken })
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
    }

    [GeneratedRegex("id=\"new-token-value\"[^>]*>([^<]+)<")]
    private static partial Regex NewToken();

    /// <summary>Every log entry as text: category, message, structured values, scopes and exception.</summary>
    private sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
    {
        private readonly ConcurrentQueue<string> _lines = new();
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public IReadOnlyList<string> Lines => [.. _lines];

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose() { }

        private sealed class Logger(string category, CapturedLogs owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
                var scopes = new List<string>();
                owner._scopes.ForEachScope((scope, list) => list.Add(scope?.ToString() ?? ""), scopes);
                owner._lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)} | {values} | {string.Join(" > ", scopes)} | {exception}");
            }
        }
    }
}
