using SaeExplorer.Web.Components;
using SaeExplorer.Web.Endpoints;
using SaeExplorer.Web.Extensions;
using SaeExplorer.Web.Services.Accounts;
using SaeExplorer.Web.Services.Operations;
using SaeExplorer.Web.Services.Security;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // The repository root holds appsettings.json, wwwroot/ and data/ (design card layout).
    ContentRootPath = SaeExplorer.Core.Settings.SaexPaths.Root,
});
// Serve package assets (MudBlazor, Plotly, the Blazor script) from the build output when not
// published, whatever the environment; a no-op for a published app.
builder.WebHost.UseStaticWebAssets();
builder.AddSaexServices();

var app = builder.Build();
await app.PrepareDatabaseAsync();

// Pages get the app's own error and not-found pages; the JSON API gets problem details (ApiExceptionHandler and
// UseApiStatusProblems answer first for /api, so the page handlers find a written response and leave it).
// Every response, error pages included, carries the Content-Security-Policy and its companions.
app.UseContentSecurityPolicy();
app.UseExceptionHandler("/Error", createScopeForErrors: true);
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseApiStatusProblems();
app.UseAuthentication();
app.UseInvalidTokenRefusal();
app.UseAuthorization();
app.UseRateLimiter();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapImageEndpoints();
app.MapFeatureApi();
app.MapIconEndpoints();
app.MapImageApi();
app.MapGroupApi();
app.MapLabelApi();
app.MapListApi();
app.MapTransferApi();
app.MapAccountEndpoints();
app.MapSteeringApi();
app.MapWorkspaceApi();
app.MapOpenApi();
app.MapSaexOperations();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();

app.Run();

/// <summary>Entry point, public for WebApplicationFactory.</summary>
public partial class Program;
