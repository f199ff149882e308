using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SaeExplorer.Data.Accounts;
using SaeExplorer.Data.Providers;
using SaeExplorer.Testing;

namespace SaeExplorer.Web.Tests.Operations;

/// <summary>
/// A PostgreSQL server that stops under the running app and comes back, on a private server of its own: meanwhile
/// /healthz answers 503 naming the database, and a label write is refused with a 503 problem saying nothing was written;
/// once the server is back both recover without a restart (the connection pool reconnects) and the next write is stored.
/// </summary>
public sealed class PostgresOutageTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60); // a bound on a hung test, not a timing claim

    [Fact]
    public async Task WhilePostgresIsDownHealthAndWritesSaySoAndBothRecoverWithoutARestart()
    {
        using var seeded = await SeededWorkspace.CreateAsync();
        var lara = await TestUsers.AddAsync(seeded.Factory, "lara", SaexRoles.Labeller);
        using var server = new PrivatePostgres(durable: true); // stopped as a crash would: acknowledged commits must survive
        var (_, settings) = await seeded.CopyToPostgresAsync(server);
        using var app = new SeededApp(seeded) { Settings = settings };
        using var client = app.CreateClient();
        var (token, _) = await app.Services.GetRequiredService<ApiTokenStore>().CreateAsync(lara, "outage test");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await WriteAsync(client, "before the outage")).StatusCode);

        server.Stop();
        try
        {
            using var health = await client.GetAsync("/healthz");
            var database = JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").GetProperty("database");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            Assert.Equal("Unhealthy", database.GetProperty("status").GetString());
            Assert.StartsWith("the database does not answer: ", database.GetProperty("reason").GetString());

            using var refused = await WriteAsync(client, "during the outage");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("5", refused.Headers.GetValues("Retry-After").Single());
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("Database unavailable", problem.GetProperty("title").GetString());
            Assert.Contains("nothing was written", problem.GetProperty("detail").GetString());

            // A read by nobody in particular fails inside the endpoint: the same 503 problem, not the error page.
            using var anonymous = app.CreateClient();
            using var read = await anonymous.GetAsync("/api/workspaces/demo/features/1/labels");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);
            Assert.Equal("application/problem+json", read.Content.Headers.ContentType?.MediaType);
            Assert.Equal("Database unavailable", (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        }
        finally
        {
            server.Start();
        }

        // Back without a restart: health first, then a write, and the refused one was indeed not written.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((await client.GetAsync("/healthz")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(clock.Elapsed < Patience, "the app did not see the database again");
            await Task.Delay(200);
        }
        Assert.Equal(HttpStatusCode.Created, (await WriteAsync(client, "after the outage")).StatusCode);
        var labels = await client.GetFromJsonAsync<JsonElement>("/api/workspaces/demo/features/1/labels");
        Assert.Equal(["after the outage", "before the outage"], labels.EnumerateArray().Select(l => l.GetProperty("text").GetString()).Order());
    }

    private static Task<HttpResponseMessage> WriteAsync(HttpClient client, string text) =>
        client.PostAsJsonAsync("/api/workspaces/demo/features/1/labels", new { text });
}
