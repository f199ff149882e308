using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using SaeExplorer.Web.Tests.Labels;

namespace SaeExplorer.Web.Tests.Security;

/// <summary>
/// The upload endpoint takes a form. Scripts (a token, or no credentials) need no antiforgery token; a post that carries
/// the sign-in cookie, which another site could make a browser send, needs the antiforgery token of one of the app's pages.
/// </summary>
public sealed partial class CookieUploadAntiforgeryTests(LabelsAppFixture fixture) : IClassFixture<LabelsAppFixture>
{
    private static MultipartFormDataContent Junk(string? antiforgery = null)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent("not an image"u8.ToArray()), "file", "x.png" } };
        if (antiforgery is not null) form.Add(new StringContent(antiforgery), "__RequestVerificationToken");
        return form;
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;

    [Fact]
    public async Task ACookieBorneUploadWithoutTheTokenIsRefusedAndWithItGoesThrough()
    {
        var browser = fixture.CookieClient(Role.Labeller);
        var refused = await browser.PostAsync("/api/workspaces/demo/images", Junk());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("antiforgery token", await DetailAsync(refused));

        var page = await (await browser.GetAsync("/account")).Content.ReadAsStringAsync();
        var token = WebUtility.HtmlDecode(AntiforgeryField().Match(page).Groups[1].Value);
        var accepted = await browser.PostAsync("/api/workspaces/demo/images", Junk(token));
        Assert.Equal(HttpStatusCode.BadRequest, accepted.StatusCode); // now refused on its merits: it is no image
        Assert.Contains("cannot be used", await DetailAsync(accepted));
    }

    [Theory]
    [InlineData(Role.Anonymous)]
    [InlineData(Role.Labeller)]
    public async Task ScriptsNeedNoAntiforgeryToken(Role role)
    {
        using var script = fixture.TokenClient(role);
        var response = await script.PostAsync("/api/workspaces/demo/images", Junk());
        Assert.Contains("cannot be used", await DetailAsync(response));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
