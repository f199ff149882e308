using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SaeExplorer.Testing;

/// <summary>
/// A private redis-server (Debian's package, installed by test.sh through tools/ci/apt-install.sh) on 127.0.0.1 and a free port, with
/// its files in a temp folder; <see cref="StopAsync"/> and <see cref="StartAsync()"/> take it down and bring it back on
/// the same port and data (append-only file), as an operator's restart would. Disposing stops it and deletes the folder.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string ServerPath = "/usr/bin/redis-server";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "saex-redis", Guid.NewGuid().ToString("N"));
    private Process? _process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    /// <summary>The Saex:Redis value that reaches it.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public bool IsRunning => _process is { HasExited: false };

    public static async Task<RedisServer> StartNewAsync()
    {
        if (!File.Exists(ServerPath))
            throw new InvalidOperationException($"{ServerPath} is missing: run ./test.sh (tools/ci/apt-install.sh installs Debian's redis-server).");
        var server = new RedisServer(FreePort());
        Directory.CreateDirectory(server._folder);
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts the server (again) and waits until it answers PING.</summary>
    public async Task StartAsync()
    {
        if (IsRunning) return;
        var start = new ProcessStartInfo(ServerPath)
        {
            ArgumentList =
            {
                "--bind", "127.0.0.1", "--port", Port.ToString(), "--dir", _folder, "--save", "", "--appendonly", "yes",
                "--daemonize", "no", "--protected-mode", "yes", "--logfile", Path.Combine(_folder, "redis.log"),
            },
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (await PingAsync() != "+PONG")
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"redis-server on port {Port} did not answer: {Log()}");
            await Task.Delay(50);
        }
    }

    /// <summary>Stops the server (SIGTERM: it writes its append-only file and closes every connection) and waits for it.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process) return;
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString()])) await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Sends one command (inline protocol) and returns the first line of the reply; null when nothing answers.</summary>
    public async Task<string?> CommandAsync(string command)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            await using var stream = client.GetStream();
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(command + "\r\n"));
            using var reader = new StreamReader(stream);
            return await reader.ReadLineAsync();
        }
        catch (SocketException)
        {
            return null;
        }
    }

    private Task<string?> PingAsync() => CommandAsync("PING");

    private string Log()
    {
        var log = Path.Combine(_folder, "redis.log");
        return File.Exists(log) ? File.ReadAllText(log) : "(no log)";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
