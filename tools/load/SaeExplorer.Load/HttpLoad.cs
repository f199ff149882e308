using System.Net.Http.Json;
using System.Text.Json;

namespace SaeExplorer.Load;

/// <summary>
/// wrk on the read paths a team hits most: one feature (API), an image's groups (SAE encode and the grouping sweep),
/// label search and caption search. Fails (exit 1) when any answer is not 2xx/3xx or a socket errs.
/// </summary>
public static class HttpLoad
{
    public static async Task<int> RunAsync(Uri app, string workspace, int seconds, int connections)
    {
        using var http = new HttpClient { BaseAddress = app };
        var images = await http.GetFromJsonAsync<JsonElement>($"api/workspaces/{workspace}/images");
        var image = images.GetProperty("images").EnumerateArray().First().GetProperty("id").GetString()!;
        var features = (await http.GetFromJsonAsync<JsonElement>($"api/workspaces/{workspace}/features?take=1")).GetProperty("total").GetInt32();
        (string Name, string Path)[] targets =
        [
            ("feature (API)", $"api/workspaces/{workspace}/features/{features / 3}"),
            ("an image's groups (API)", $"api/workspaces/{workspace}/images/{Uri.EscapeDataString(image)}/groups"),
            ("label search (API)", "api/search?q=red"),
            ("caption search (API)", $"api/workspaces/{workspace}/images?q=red"),
        ];
        Console.Error.WriteLine($"wrk: {connections} connections, 2 threads, {seconds} s per URL, against {app}");
        var failed = false;
        foreach (var (name, path) in targets)
        {
            var result = await WrkRun.RunAsync(name, new Uri(app, path), connections, seconds);
            Console.WriteLine(result);
            failed |= result.NotOk > 0 || result.SocketErrors > 0 || result.Requests == 0;
        }
        return failed ? 1 : 0;
    }
}
