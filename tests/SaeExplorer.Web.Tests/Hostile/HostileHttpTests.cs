using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Core.Tests.Hostile;
using SaeExplorer.Web.Tests.Labels;
using Xunit.Abstractions;

namespace SaeExplorer.Web.Tests.Hostile;

/// <summary>
/// The hostile requests (<see cref="RouteCases"/>, <see cref="BodyCases"/>) against the app: none is answered with a
/// 5xx, every API refusal is problem details with a reason, a refused write changes no label, revision, vote, comment,
/// list, list item or editor, and the server answers a health request after every batch of 50.
/// </summary>
public sealed class HostileHttpTests(LabelsAppFixture fixture, ITestOutputHelper output) : IClassFixture<LabelsAppFixture>
{
    [Fact]
    public async Task NoHostileRequestGetsA5xxAndARefusedWriteChangesNothing()
    {
        using var started = fixture.App.CreateClient(); // starts the host, so the endpoint table is there
        var known = new RouteCases.Known(fixture.GroupSlug, await fixture.NewListAsync(), await fixture.NewLabelAsync());
        var endpoints = fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        IReadOnlyList<HostileRequest> cases = [.. RouteCases.From(endpoints, known), .. BodyCases.Json(known), .. BodyCases.Imports(), .. BodyCases.Multipart()];
        output.WriteLine($"seed {HostileSeed.Value}: {cases.Count} requests ({string.Join(", ", cases.GroupBy(c => c.Kind).Select(g => $"{g.Count()} {g.Key}"))})");

        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();
        foreach (var batch in cases.Chunk(50))
        {
            foreach (var c in batch)
            {
                var before = c.Writes ? await CountsAsync() : null;
                var (status, problem) = await SendAsync(c);
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                if (status >= 500) failures.Add($"{c}: {status} {problem}");
                else if (status >= 400 && c.Url.StartsWith("/api/", StringComparison.Ordinal) && problem is null)
                    failures.Add($"{c}: {status} without problem details and a reason");
                if (before is not null && status >= 400 && await CountsAsync() is var after && after != before)
                    failures.Add($"{c}: refused with {status} but the rows changed from {before} to {after}");
            }
            using var health = fixture.TokenClient(Role.Anonymous);
            var alive = await health.GetAsync("/api/lists");
            Assert.True(alive.IsSuccessStatusCode, $"the server stopped answering after {batch[^1]}: {(int)alive.StatusCode}");
        }
        output.WriteLine("statuses: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} x{s.Value}")));
        Assert.True(failures.Count == 0, $"seed {HostileSeed.Value}, {failures.Count} of {cases.Count} failed:\n{string.Join("\n", failures.Take(60))}");
        Assert.True(cases.Count >= 500, $"only {cases.Count} cases");
    }

    /// <summary>Status, and the problem's detail when the answer is problem details with one.</summary>
    private async Task<(int Status, string? Problem)> SendAsync(HostileRequest c)
    {
        using var client = fixture.TokenClient(c.As);
        using var request = new HttpRequestMessage(c.Method, c.Url) { Content = c.Content() };
        using var response = await client.SendAsync(request);
        var status = (int)response.StatusCode;
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return (status, null);
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        return (status, json.RootElement.TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > 0 } text ? text : null);
    }

    /// <summary>Every row a label or list write can add, change the count of, or remove.</summary>
    private async Task<string> CountsAsync()
    {
        await using var db = await fixture.Seeded.Factory.CreateDbContextAsync();
        return $"labels {await db.Labels.CountAsync()}, revisions {await db.Revisions.CountAsync()}, votes {await db.Votes.CountAsync()}, " +
               $"comments {await db.Comments.CountAsync()}, lists {await db.Lists.CountAsync()}, items {await db.ListItems.CountAsync()}, " +
               $"editors {await db.ListEditors.CountAsync()}, list names {string.Join("|", await db.Lists.OrderBy(l => l.Id).Select(l => l.Name + l.Notes).ToListAsync())}";
    }
}
