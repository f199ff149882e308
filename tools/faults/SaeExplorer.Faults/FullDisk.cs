using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace SaeExplorer.Faults;

/// <summary>
/// The database on a full disk: the prepared database copied onto a small tmpfs (mount needs root, as the tests run),
/// the rest of it filled, then label writes: each is refused with 507 and a reason, reads still answer, and once space
/// is freed writes go through again without a restart. Nothing written before is lost or damaged.
/// </summary>
public sealed class FullDisk(string mountPoint, int sizeMb) : IDisposable
{
    private bool _mounted;

    public sealed record Outcome(int AckedBefore, int RefusedFull, string RefusalDetail, int ReadsWhileFull, int AckedAfter, List<int> Acked);

    public void Mount()
    {
        Directory.CreateDirectory(mountPoint);
        Run("mount", "-t", "tmpfs", "-o", $"size={sizeMb}m", "tmpfs", mountPoint);
        _mounted = true;
    }

    /// <summary>Writes a filler file until the disk says it is full, leaving nothing free.</summary>
    public void Fill()
    {
        var block = new byte[64 * 1024];
        using var filler = new FileStream(Path.Combine(mountPoint, "filler"), FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        try
        {
            while (true) filler.Write(block);
        }
        catch (IOException)
        {
            // no space left on the device: what we wanted
        }
        for (var size = block.Length / 2; size >= 1; size /= 2) // the last partial blocks too
        {
            try
            {
                filler.Write(block, 0, size);
            }
            catch (IOException)
            {
            }
        }
    }

    public void Free() => File.Delete(Path.Combine(mountPoint, "filler"));

    public async Task<Outcome> WriteAcrossAsync(AppProcess app, string token, string tag)
    {
        using var client = app.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var acked = new List<int>();
        var n = 0;
        async Task<HttpResponseMessage> WriteAsync() =>
            await client.PostAsJsonAsync($"api/workspaces/demo/features/{n % 8}/labels", new { text = $"{tag} n{n++}" });
        async Task<bool> AckAsync(HttpResponseMessage response)
        {
            if (response.StatusCode != HttpStatusCode.Created) return false;
            acked.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32());
            return true;
        }

        for (var i = 0; i < 20; i++) await AckAsync(await WriteAsync());
        var before = acked.Count;
        Fill();
        int refused = 0, reads = 0;
        var detail = "";
        var clock = Stopwatch.StartNew();
        while (refused < 20 && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            using var response = await WriteAsync();
            if (await AckAsync(response)) continue; // the pages SQLite had already reserved fill up first
            if (response.StatusCode != HttpStatusCode.InsufficientStorage)
                throw new InvalidOperationException($"a write on the full disk was answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            refused++;
            detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString() ?? "";
            if ((await client.GetAsync("api/workspaces/demo/features/1/labels")).IsSuccessStatusCode) reads++;
        }
        Free();
        var afterStart = acked.Count;
        for (var i = 0; i < 20; i++) await AckAsync(await WriteAsync());
        return new Outcome(before, refused, detail, reads, acked.Count - afterStart, acked);
    }

    public void Dispose()
    {
        if (_mounted) Run("umount", "-l", mountPoint);
    }

    private static void Run(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {error.Trim()} (the full-disk run mounts a tmpfs: it needs root)");
    }
}
