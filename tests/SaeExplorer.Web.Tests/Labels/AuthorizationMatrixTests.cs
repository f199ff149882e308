using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Data.Labels;
using SaeExplorer.Web.Services.Labels;
using SaeExplorer.Web.Services.Workspaces;

namespace SaeExplorer.Web.Tests.Labels;

/// <summary>
/// Runs <see cref="AuthorizationMatrix"/>: every route and method of the app's endpoint table and every page action is in
/// the table (an endpoint added without a row fails here), and each answers every person as the table says.
/// </summary>
public sealed class AuthorizationMatrixTests(LabelsAppFixture fixture) : IClassFixture<LabelsAppFixture>
{
    /// <summary>The services whose public methods that take the principal first are page actions.</summary>
    private static readonly Type[] ActionServices = [typeof(LabelWrites), typeof(ListWrites), typeof(WorkspaceImports), typeof(WorkspaceRemoval)];

    public static IEnumerable<object[]> Cases() =>
        AuthorizationMatrix.Entries.SelectMany(e => Enum.GetValues<Role>()
            .Where(r => !(e is PageAction && r == Role.RevokedToken)) // a revoked token never opens a circuit
            .Select(r => new object[] { e.Key, r }));

    [Fact]
    public void EveryEndpointOfTheEndpointTableHasARowAndEveryRowAnEndpoint()
    {
        using var client = fixture.App.CreateClient(); // starts the host
        var mapped = fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(Keys).ToHashSet();
        var table = AuthorizationMatrix.Entries.OfType<HttpCase>().Select(e => e.Key).ToList();
        Assert.True(table.Count == table.Distinct().Count(), "rows twice: " + string.Join(", ", table.GroupBy(k => k).Where(g => g.Count() > 1).Select(g => g.Key)));
        Assert.True(mapped.Except(table).ToList() is [], "endpoints with no row in AuthorizationMatrix:\n" + string.Join("\n", mapped.Except(table).Order()));
        Assert.True(table.Except(mapped).ToList() is [], "rows for no mapped endpoint:\n" + string.Join("\n", table.Except(mapped).Order()));
    }

    [Fact]
    public void EveryPageActionHasARow()
    {
        var actions = ActionServices.SelectMany(s => s.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.GetParameters() is [{ ParameterType: var first }, ..] && first == typeof(ClaimsPrincipal))
            .Select(m => PageAction.KeyOf(m.DeclaringType!, m.Name))
            .Concat(AuthorizationMatrix.OpenActions.Select(a => PageAction.KeyOf(a.Service, a.Method)))
            .ToHashSet();
        Assert.All(AuthorizationMatrix.OpenActions, a => Assert.NotNull(a.Service.GetMethod(a.Method))); // still there
        var table = AuthorizationMatrix.Entries.OfType<PageAction>().Select(e => e.Key).ToHashSet();
        Assert.True(actions.SetEquals(table), $"page actions: {string.Join(", ", actions.Order())}; table: {string.Join(", ", table.Order())}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EachEndpointAndActionAnswersEveryoneAsTheTableSays(string key, Role role)
    {
        var entry = AuthorizationMatrix.Entries.Single(e => e.Key == key);
        switch (entry)
        {
            case HttpCase http:
                await CheckAsync(http, role);
                break;
            case PageAction action:
                {
                    var user = role == Role.Anonymous
                        ? new ClaimsPrincipal(new ClaimsIdentity())
                        : new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, fixture.UserId(role))], "test"));
                    var refused = await Record.ExceptionAsync(() => action.Invoke(fixture, user));
                    if (action.Allowed.For(role)) Assert.Null(refused);
                    else Assert.Equal(role != Role.Anonymous, Assert.IsType<WriteRefusedException>(refused).SignedIn);
                    if (!action.Allowed.For(role) && action.Allowed == Allowed.Admins) Assert.Contains("needs the admin role", refused!.Message); // says which role
                    break;
                }
        }
    }

    private async Task CheckAsync(HttpCase http, Role role)
    {
        using var response = await http.Send(fixture, role);
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        var what = $"{http.Key} as {role} ({http.Allowed})";
        Assert.True(response.Headers.Contains("Content-Security-Policy"), $"{what}: no Content-Security-Policy header");
        if (role == Role.RevokedToken)
        {
            // Whatever it asks, a dead token is told so: 401 with the reason, reads included.
            Assert.True(status == 401, $"{what}: expected 401, got {status} {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("revoked", body);
            return;
        }
        if (http.Allowed.For(role))
        {
            if (http.Through is { } through) Assert.True(status == through, $"{what}: expected {through}, got {status} {body}");
            else Assert.True(status is not (401 or 403) && status < 500, $"{what}: expected through, got {status} {body}");
            return;
        }
        var denied = http.DeniedStatus ?? (role == Role.Anonymous ? 401 : 403);
        Assert.True(status == denied, $"{what}: expected {denied}, got {status} {body}");
        if (http.Route.StartsWith("/api/", StringComparison.Ordinal))
        {
            // A refusal from the API is a problem document that says what to do.
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var says = role switch
            {
                Role.Anonymous => "sign in",
                _ when http.Allowed == Allowed.Admins => "admin role",
                Role.Viewer => "labeller role",
                _ => "owner",
            };
            Assert.Contains(says, body, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>The rows an endpoint needs: one per method (HEAD goes with GET), "*" for any method, one row for all static files.</summary>
    private static IEnumerable<string> Keys(RouteEndpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is not null) return [AuthorizationMatrix.StaticFiles];
        var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"];
        return methods.Where(m => m != "HEAD").Select(m => $"{m} {endpoint.RoutePattern.RawText}");
    }
}
