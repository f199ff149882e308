using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SaeExplorer.Load;

/// <summary>What wrk measured on one URL: requests per second, latency quantiles (ms) and answers that were not 2xx/3xx.</summary>
public sealed record WrkResult(string Name, double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long NotOk, long SocketErrors)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name}: {RequestsPerSecond:F0} requests/s, latency p50 {P50Ms:F1} ms, p99 {P99Ms:F1} ms; {Requests} requests, {NotOk} not 2xx/3xx, {SocketErrors} socket errors");
}

/// <summary>
/// HTTP load with wrk (Debian's package): one run per URL, a fixed number of connections for a fixed time, its report
/// parsed (Requests/sec, the --latency distribution, non-2xx answers and socket errors).
/// </summary>
public static partial class WrkRun
{
    public static async Task<WrkResult> RunAsync(string name, Uri url, int connections, int seconds, int threads = 2)
    {
        var start = new ProcessStartInfo("wrk", ["-t", $"{threads}", "-c", $"{connections}", "-d", $"{seconds}s", "--latency", url.ToString()])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start (apt-get install wrk)");
        var report = await wrk.StandardOutput.ReadToEndAsync();
        var errors = await wrk.StandardError.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        if (wrk.ExitCode != 0) throw new InvalidOperationException($"wrk exited with {wrk.ExitCode}: {errors}{report}");
        return Parse(name, report);
    }

    /// <summary>Reads wrk's text report (wrk 4).</summary>
    public static WrkResult Parse(string name, string report)
    {
        double Number(Regex pattern) => pattern.Match(report) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socket = SocketErrors().Match(report);
        var socketErrors = socket.Success ? socket.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture)) : 0;
        return new WrkResult(name, Number(RequestsPerSecond()), Latency(report, "50%"), Latency(report, "99%"),
            (long)Number(Requests()), (long)Number(NotOk()), socketErrors);
    }

    private static double Latency(string report, string quantile)
    {
        var m = Regex.Match(report, $@"^\s*{Regex.Escape(quantile)}\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        if (!m.Success) return double.NaN;
        var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex Requests();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NotOk();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
