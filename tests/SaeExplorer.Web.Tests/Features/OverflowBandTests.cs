using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SaeExplorer.Web.Tests.Labels;

namespace SaeExplorer.Web.Tests.Features;

/// <summary>
/// A feature whose strongest activations fall in the histogram's overflow bin has a top quantile band with no upper
/// bound. JSON has no infinity: the API once failed with a 500 writing it; it is null now (found by the authorisation matrix).
/// </summary>
public sealed class OverflowBandTests(LabelsAppFixture fixture) : IClassFixture<LabelsAppFixture>
{
    [Fact]
    public async Task ABandWithNoUpperBoundIsWrittenAsNull()
    {
        using var client = fixture.TokenClient(Role.Anonymous);
        using var response = await client.GetAsync("/api/workspaces/demo/features/0"); // the seed's bands are [0, +inf)
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var band = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("bands")[0];
        Assert.Equal((0f, JsonValueKind.Null), (band.GetProperty("lower").GetSingle(), band.GetProperty("upper").ValueKind));
    }
}
