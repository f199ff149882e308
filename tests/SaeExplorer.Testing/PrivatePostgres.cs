using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace SaeExplorer.Testing;

/// <summary>
/// A private PostgreSQL server for tests, from Debian's postgresql package (initdb and pg_ctl): a data folder in the
/// temp folder, a free loopback port, its socket beside the data, run as the postgres user when the tests run as root
/// (initdb refuses root). <see cref="Shared"/> is started once per test process and stopped and deleted when it
/// exits (or, should the runner kill it first, by a watchdog shell); each test takes a fresh database of its own,
/// copied from a migrated template (<see cref="NewDatabase"/>).
/// Durability is off (fsync, synchronous commits), which tests do not need. A test that stops the server makes its own, durable.
/// </summary>
public sealed class PrivatePostgres : IDisposable
{
    private const string User = "saex";
    private static readonly Lazy<PrivatePostgres> SharedServer = new(() =>
    {
        var server = new PrivatePostgres();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server;
    });

    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"saex-pg-{Guid.NewGuid():N}");
    private readonly string _bin;
    private readonly object _gate = new();
    private bool _templateMade;

    private readonly bool _durable;

    /// <summary>
    /// Makes, and starts, a new server; <paramref name="durable"/> keeps PostgreSQL's own commit durability (for a test
    /// that stops the server as a crash would and then counts what was acknowledged), else it is off, for speed.
    /// </summary>
    /// <exception cref="InvalidOperationException">PostgreSQL is not installed, or the server did not start (its log is quoted).</exception>
    public PrivatePostgres(bool durable = false)
    {
        _durable = durable;
        _bin = FindBin();
        Password = Guid.NewGuid().ToString("N");
        Port = FreePort();
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "pwfile"), Password);
        if (RunningAsRoot) Run("chown", "-R", "postgres:postgres", _dir);
        AsServerUser(Path.Combine(_bin, "initdb"), "-D", DataDir, "-U", User, "--pwfile", Path.Combine(_dir, "pwfile"), "--auth-host=scram-sha-256",
            "--auth-local=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
        Start();
        StartWatchdog();
    }

    /// <summary>The server every test of this process shares (started on first use).</summary>
    public static PrivatePostgres Shared => SharedServer.Value;

    public int Port { get; }

    public string Password { get; }

    private string DataDir => Path.Combine(_dir, "data");

    private static bool RunningAsRoot => Environment.UserName == "root";

    /// <summary>The connection string of <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database, string? password = null) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = Port, Username = User, Password = password ?? Password, Database = database,
        // A test stops the server on purpose: fail fast instead of waiting out the default 15 s.
        Timeout = 5,
    }.ConnectionString;

    /// <summary>
    /// A new, empty database (no tables: the caller migrates it, as the app does at start), or with <paramref
    /// name="migrate"/> a copy of a template that it migrated once for the whole process; its connection string.
    /// </summary>
    public string NewDatabase(Func<string, Task>? migrate = null)
    {
        var name = $"saex_{Guid.NewGuid():N}";
        lock (_gate)
        {
            if (migrate is not null && !_templateMade)
            {
                Execute("CREATE DATABASE saex_template");
                try
                {
                    migrate(ConnectionString("saex_template") + ";Pooling=false").GetAwaiter().GetResult();
                }
                catch
                {
                    Execute("DROP DATABASE saex_template WITH (FORCE)"); // the next test tries again
                    throw;
                }
                _templateMade = true;
            }
            // CREATE DATABASE copies a template with nobody connected to it: one at a time.
            Execute(migrate is null ? $"CREATE DATABASE {name}" : $"CREATE DATABASE {name} TEMPLATE saex_template STRATEGY FILE_COPY");
        }
        return ConnectionString(name);
    }

    /// <summary>Drops a database <see cref="NewDatabase"/> made, whoever is still connected to it.</summary>
    public void DropDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        using (var pooled = new NpgsqlConnection(connectionString)) NpgsqlConnection.ClearPool(pooled);
        Execute($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    /// <summary>Starts the (stopped) server again on the same port and data.</summary>
    public void Start() => AsServerUser(Path.Combine(_bin, "pg_ctl"), "-D", DataDir, "-l", Path.Combine(_dir, "log"), "-w", "-t", "60", "-o",
        $"-h 127.0.0.1 -p {Port} -k {_dir}{(_durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off")} -c max_connections=300", "start");

    /// <summary>Stops the server at once (as a crash would), dropping every connection.</summary>
    public void Stop() => AsServerUser(Path.Combine(_bin, "pg_ctl"), "-D", DataDir, "-m", "immediate", "-w", "stop");

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            if (File.Exists(Path.Combine(DataDir, "postmaster.pid"))) Stop();
        }
        catch (InvalidOperationException) { } // already stopped
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } // best effort; the watchdog finishes the job
    }

    /// <summary>
    /// The test runner may kill this process before its exit handlers finish (or a test run is killed): a detached
    /// shell waits for the process to end, then stops the server and deletes its folder.
    /// </summary>
    private void StartWatchdog()
    {
        var stop = $"{(RunningAsRoot ? "runuser -u postgres -- " : "")}{Path.Combine(_bin, "pg_ctl")} -D {DataDir} -m immediate -w stop";
        var script = $"exec >/dev/null 2>&1 </dev/null; while kill -0 {Environment.ProcessId}; do sleep 1; done; " +
                     $"[ -f {DataDir}/postmaster.pid ] && {stop}; rm -rf {_dir}";
        var start = new ProcessStartInfo("setsid") { ArgumentList = { "sh", "-c", script }, UseShellExecute = false };
        Process.Start(start)?.Dispose();
    }

    private void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static string FindBin()
    {
        var root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run tools/ci/install-postgres.sh, or apt-get install postgresql");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void AsServerUser(string program, params string[] args)
    {
        if (RunningAsRoot) Run("runuser", ["-u", "postgres", "--", program, .. args]);
        else Run(program, args);
    }

    private void Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            var log = Path.Combine(_dir, "log");
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', args)} failed ({process.ExitCode}): {error}{output.Result}" +
                                                (File.Exists(log) ? $"\nserver log:\n{File.ReadAllText(log)}" : ""));
        }
    }
}
